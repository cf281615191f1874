/**
 * Benchmark: the preemption round trip through the real machines, against the minimal two-actor
 * round trip from RESEARCH.md, interleaved in the same run.
 *
 * Run alone with `node --import tsx bench/preemption.ts`.
 */
import { createSwitchboard, type Provider, type StreamEvent, type Switchboard } from '@switchboard/core';
import { getHeapStatistics } from 'node:v8';
import { calibratedSpin, firstTouchUsPerPage } from './machineFloor.js';
import { isMain, median, now, percentile, runChild, runStandalone, settle, sinceNs, times, us, type NotedRow } from './support.js';
import { createActor, sendTo, setup, type AnyActorRef } from 'xstate';

const WARM_UP = 200;
const ITERATIONS = 3_000;
const TARGET_P99_NS = 50_000;
/** The floor loop's median: below the baseline's, so nothing real can be faster. */
const FLOOR_NS = 10_000;

/**
 * Holds its slot until aborted and never touches a timer, so the only work measured is the
 * machines'. One delta first, so the background session is in `streaming` with a partial to keep.
 */
const holdingProvider: Provider = {
  name: 'holding',
  async *stream({ signal, prefix }): AsyncGenerator<StreamEvent> {
    yield { type: 'delta', text: prefix === undefined ? 'partial answer' : '.' };
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  },
};

interface RoundTrip {
  /** Sets up the next iteration; not timed. */
  prepare(): void;
  /** The synchronous call being timed. */
  run(): void;
  /** Throws unless the round trip ended where it should; not timed. */
  check(): void;
  /** Undoes the round trip; not timed. */
  reset(): Promise<void>;
  /** Stops the actors, so no stream (or its stall watchdog timer) keeps the process alive. */
  dispose(): void;
}

async function switchboardRoundTrip(): Promise<RoundTrip> {
  const board: Switchboard = createSwitchboard({ provider: holdingProvider, slots: 1 });
  const bg = board.createSession({ id: 'bg' });
  let fg = '';
  board.send(bg, 'A long background question');
  await settle();
  return {
    prepare() {
      // A fresh foreground session each time, removed after: a reused one would carry a longer
      // transcript every iteration, and kept ones would grow the heap that each GC must copy.
      fg = board.createSession();
      board.switchTo(fg);
    },
    run() {
      board.send(fg, 'A quick foreground question');
    },
    check() {
      const states = `bg ${board.session(bg).state}, fg ${board.session(fg).state}`;
      if (states !== 'bg suspended, fg streaming') throw new Error(`preemption did not complete synchronously: ${states}`);
    },
    async reset() {
      board.removeSession(fg);
      await settle();
      if (board.session(bg).state !== 'streaming') throw new Error(`background did not resume: ${board.session(bg).state}`);
    },
    dispose: () => board.stop(),
  };
}

/**
 * RESEARCH's baseline: a coordinator and a worker, standalone actors that know each other. SUBMIT
 * makes the coordinator INTERRUPT the worker, which answers SUSPENDED. No queue, no policy, no
 * stream actor, no context beyond the two refs.
 */
const worker = setup({
  types: {
    context: {} as { coordinator: AnyActorRef },
    input: {} as { coordinator: AnyActorRef },
    events: {} as { type: 'INTERRUPT' } | { type: 'RESUME' },
  },
}).createMachine({
  context: ({ input }) => ({ coordinator: input.coordinator }),
  initial: 'running',
  states: {
    running: { on: { INTERRUPT: { target: 'suspended', actions: sendTo(({ context }) => context.coordinator, { type: 'SUSPENDED' }) } } },
    suspended: { on: { RESUME: 'running' } },
  },
});

const coordinator = setup({
  types: {
    context: {} as { worker: AnyActorRef | null },
    events: {} as { type: 'REGISTER'; worker: AnyActorRef } | { type: 'SUBMIT' } | { type: 'SUSPENDED' } | { type: 'DONE' },
  },
}).createMachine({
  context: { worker: null },
  initial: 'background',
  on: { REGISTER: { actions: ({ context, event }) => void (context.worker = event.type === 'REGISTER' ? event.worker : null) } },
  states: {
    background: { on: { SUBMIT: { target: 'interrupting', actions: sendTo(({ context }) => context.worker!, { type: 'INTERRUPT' }) } } },
    interrupting: { on: { SUSPENDED: 'foreground' } },
    foreground: { on: { DONE: { target: 'background', actions: sendTo(({ context }) => context.worker!, { type: 'RESUME' }) } } },
  },
});

function minimalRoundTrip(): RoundTrip {
  const boss = createActor(coordinator).start();
  const work = createActor(worker, { input: { coordinator: boss } }).start();
  boss.send({ type: 'REGISTER', worker: work });
  return {
    prepare() {},
    run() {
      boss.send({ type: 'SUBMIT' });
    },
    check() {
      const states = `worker ${String(work.getSnapshot().value)}, coordinator ${String(boss.getSnapshot().value)}`;
      if (states !== 'worker suspended, coordinator foreground') throw new Error(`baseline round trip incomplete: ${states}`);
    },
    async reset() {
      boss.send({ type: 'DONE' });
      // Same event-loop turn as ours, so both sides see the same allocation and GC rhythm.
      await settle();
    },
    dispose() {
      work.stop();
      boss.stop();
    },
  };
}

/** One timed call: its duration, and what happened around it that the machine made it pay for. */
interface Timed {
  ns: number;
  /** Minor page faults taken between the two readings around the call (first touches of fresh pages). */
  faults: number;
  /** The heap shrank across the call: a garbage collection ran inside it. */
  gcInside: boolean;
}

async function timeOnce(trip: RoundTrip): Promise<Timed> {
  trip.prepare();
  // Read outside the timed pair: they cost a syscall and a few small objects.
  const faultsBefore = process.resourceUsage().minorPageFault;
  const heapBefore = getHeapStatistics().used_heap_size;
  const start = now();
  trip.run();
  const ns = sinceNs(start);
  const heapAfter = getHeapStatistics().used_heap_size;
  const faults = process.resourceUsage().minorPageFault - faultsBefore;
  trip.check();
  await trip.reset();
  return { ns, faults, gcInside: heapAfter < heapBefore };
}

/** The figures of one side in one process. */
interface SideFigures {
  p50: number;
  p99: number;
  /** Share of the timed calls that took at least one page fault. */
  faulted: number;
  /** p99 over the calls that took none. */
  p99WithoutFaults: number;
  /** Timed calls a garbage collection ran inside (V8 runs scavenges as tasks between calls, so expect 0). */
  gcInside: number;
}

/** What one worker process prints. */
interface WorkerResult {
  ours: SideFigures;
  baseline: SideFigures;
  /** The calibrated busy loop: what the machine adds by itself. */
  floor: SideFigures;
  /** µs to touch a fresh 4 KB page for the first time. */
  firstTouchUs: number;
}

function figures(samples: readonly Timed[]): SideFigures {
  const all = samples.map((t) => t.ns);
  const clean = samples.filter((t) => t.faults === 0).map((t) => t.ns);
  return {
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    faulted: (all.length - clean.length) / all.length,
    p99WithoutFaults: clean.length ? percentile(clean, 99) : NaN,
    gcInside: samples.filter((t) => t.gcInside).length,
  };
}

/** A pure computation timed like a round trip: no machines, no allocation. */
function floorTrip(targetNs: number): RoundTrip {
  const loop = calibratedSpin(targetNs);
  return { prepare() {}, run: loop, check() {}, reset: settle, dispose() {} };
}

/** Ours, the baseline and the machine floor interleaved iteration by iteration, in this process. */
async function measureInProcess(): Promise<WorkerResult> {
  const ours = await switchboardRoundTrip();
  const baseline = minimalRoundTrip();
  const floor = floorTrip(FLOOR_NS);
  const sides = [ours, baseline, floor] as const;
  const samples: Timed[][] = [[], [], []];
  for (let i = 0; i < WARM_UP + ITERATIONS; i++) {
    for (let k = 0; k < sides.length; k++) {
      const t = await timeOnce(sides[k]!);
      if (i >= WARM_UP) samples[k]!.push(t);
    }
  }
  ours.dispose();
  baseline.dispose();
  return { ours: figures(samples[0]!), baseline: figures(samples[1]!), floor: figures(samples[2]!), firstTouchUs: firstTouchUsPerPage() };
}

/** Worker processes; each runs the whole interleaved measurement, and the row reports their medians. */
const PROCESSES = 5;
const WORKER_FLAG = '--preemption-worker';

const range = (values: readonly number[]) => `${us(Math.min(...values))}–${us(Math.max(...values))}`;
const share = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;

/** p50 and p99 of the synchronous round trip, ours, the baseline and the machine floor interleaved, in {@link PROCESSES} fresh processes. */
export async function benchPreemption(): Promise<NotedRow[]> {
  const runs: WorkerResult[] = [];
  for (let i = 0; i < PROCESSES; i++) runs.push(await runChild<WorkerResult>(new URL(import.meta.url), [WORKER_FLAG]));
  const med = (pick: (r: WorkerResult) => number) => median(runs.map(pick));
  const side = (pick: (r: WorkerResult) => SideFigures) => ({
    p50: med((r) => pick(r).p50),
    p99: med((r) => pick(r).p99),
    faulted: med((r) => pick(r).faulted),
    p99WithoutFaults: med((r) => pick(r).p99WithoutFaults),
  });
  const ours = side((r) => r.ours);
  const base = side((r) => r.baseline);
  const floor = side((r) => r.floor);
  const gcInside = Math.max(...runs.map((r) => r.ours.gcInside + r.baseline.gcInside));
  const firstTouch = med((r) => r.firstTouchUs);
  const faultText = (f: typeof ours) => `${share(f.faulted)} of calls took a page fault; p99 ${us(f.p99WithoutFaults)} without them`;
  return [
    {
      name: 'preemption round trip: board.send() → bg suspended, fg streaming (slots 1)',
      value: `p50 ${us(ours.p50)}, p99 ${us(ours.p99)} (p99 ${range(runs.map((r) => r.ours.p99))} over processes; ${faultText(ours)})`,
      baseline: `p50 ${us(base.p50)}, p99 ${us(base.p99)} (${faultText(base)})`,
      ratio: `${times(ours.p99 / base.p99)} (p99), ${times(ours.p50 / base.p50)} (p50)`,
      target: `p99 < ${us(TARGET_P99_NS)}`,
      ok: ours.p99 < TARGET_P99_NS,
      method:
        `createSwitchboard with slots 1 and a provider that yields one delta and then waits for its AbortSignal (no timers). ` +
        `A background answer holds the slot; a fresh foreground session (switchTo) sends a message, and the synchronous ` +
        `board.send() is timed with process.hrtime.bigint(): SEND → REQUEST → PREEMPT → stream stopped (its request aborted), ` +
        `background suspended → GRANT → foreground stream spawned and its provider request started (the core's default 30 s ` +
        `stall watchdog is left on, as in production). States are checked after the timer stops; the foreground session is ` +
        `then removed (cancelling its turn) and the background resumes, untimed. Baseline: two standalone actors (coordinator, ` +
        `worker) doing SUBMIT → INTERRUPT → SUSPENDED, timed the same way. ${ITERATIONS} iterations of each, interleaved with ` +
        `the machine-floor loop of the next row, after ${WARM_UP} warm-up, in each of ${PROCESSES} fresh processes ` +
        `(bench/preemption.ts ${WORKER_FLAG}, default V8 heap flags); figures are the medians over the processes, with the ` +
        `range of our p99 across them. Around each call (outside the timing) the process's minor page faults are read, ` +
        `and the heap's size, to tell whether a GC ran inside it (in ${gcInside === 0 ? 'no' : gcInside} call${gcInside === 1 ? '' : 's'} ` +
        `of any process: V8 runs its scavenges as tasks between calls). Ratio = ours ÷ baseline (RESEARCH.md measured the ` +
        `baseline at p50 8.4 µs, p99 23 µs on a quieter machine).`,
    },
    {
      name: `machine floor: a ${us(FLOOR_NS)} pure-JS loop timed the same way, in the same processes`,
      value: `p50 ${us(floor.p50)}, p99 ${us(floor.p99)}; a fresh page costs ${firstTouch.toFixed(1)} µs to touch`,
      baseline: '—',
      ratio: '—',
      target: '—',
      ok: true,
      method:
        `A busy loop of integer arithmetic calibrated in each process to a median of about ${us(FLOOR_NS)} (bench/machineFloor.ts), ` +
        `interleaved with the two round trips above and timed the same way: no allocation, so no GC and no page fault; its ` +
        `tail is what the machine adds by itself (interrupts, the hypervisor, other load) to any call that long. Page cost: ` +
        `the time to write one byte into each 4 KB page of a new 16 MB ArrayBuffer ÷ pages (a minor fault and the zeroing of ` +
        `the page), the median over processes. V8 gives freed heap pages back and takes fresh ones, so a call that allocates ` +
        `pays this price for every page it is the first to reach: that is the tail of both round trips above.`,
    },
  ];
}

if (isMain(import.meta.url)) {
  if (process.argv.includes(WORKER_FLAG)) process.stdout.write(`${JSON.stringify(await measureInProcess())}\n`);
  else await runStandalone(benchPreemption);
}
