/**
 * Benchmark: heap and create+start time per idle session, against an idle minimal 6-state
 * standalone actor, at 10k and 100k.
 *
 * Run alone with `node --import tsx bench/sessionMemory.ts` (support.ts exposes gc if the flag is
 * missing).
 */
import { createSwitchboard, type Provider, type Switchboard } from '@switchboard/core';
import { fullGc, isMain, now, runStandalone, sinceNs, times, us, type NotedRow } from './support.js';
import { createActor, createMachine } from 'xstate';

const SIZES = [10_000, 100_000] as const;
const WARM_UP = 2_000;
const TARGET_BYTES = 6 * 1024;

/** Idle sessions never stream; a provider that is called would be a bug in the benchmark. */
const unusedProvider: Provider = {
  name: 'unused',
  stream() {
    throw new Error('an idle session must not stream');
  },
};

/** RESEARCH's baseline: six states, a few transitions, no context, no actions. */
const sixStates = createMachine({
  initial: 'idle',
  states: {
    idle: { on: { SEND: 'queued' } },
    queued: { on: { GRANT: 'streaming', CANCEL: 'idle' } },
    streaming: { on: { PREEMPT: 'suspended', DONE: 'idle', ERROR: 'failed' } },
    suspended: { on: { GRANT: 'resuming', CANCEL: 'idle' } },
    resuming: { on: { DELTA: 'streaming', CANCEL: 'idle' } },
    failed: { on: { SEND: 'queued' } },
  },
});

interface Sample {
  bytesPerItem: number;
  nsPerItem: number;
}

/**
 * Heap retained by `create(n)`'s result, per item, after a full GC, and the time `create` took per
 * item. The result stays reachable until the second heap reading, then is released.
 */
function measure<T>(n: number, create: (n: number) => T, release: (made: T) => void): Sample {
  fullGc();
  const before = process.memoryUsage().heapUsed;
  const start = now();
  let made: T | null = create(n);
  const elapsed = sinceNs(start);
  fullGc();
  const after = process.memoryUsage().heapUsed;
  release(made);
  made = null;
  fullGc();
  return { bytesPerItem: (after - before) / n, nsPerItem: elapsed / n };
}

function createSessions(n: number): Switchboard {
  const board = createSwitchboard({ provider: unusedProvider });
  for (let i = 0; i < n; i++) board.createSession();
  return board;
}

function createIdleActors(n: number): unknown[] {
  const actors: unknown[] = [];
  for (let i = 0; i < n; i++) actors.push(createActor(sixStates).start());
  return actors;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
const count = (n: number): string => `${n / 1000}k`;

export async function benchSessionMemory(): Promise<NotedRow[]> {
  // Warm-up: compiles both creation paths so the first measured size pays no JIT cost.
  measure(WARM_UP, createSessions, (board) => board.stop());
  measure(WARM_UP, createIdleActors, () => {});

  const rows: NotedRow[] = [];
  for (const n of SIZES) {
    // Baseline first, then ours, each from a collected heap.
    const baseline = measure(n, createIdleActors, () => {});
    const ours = measure(n, createSessions, (board) => board.stop());
    rows.push(
      {
        name: `heap per idle session, ${count(n)} sessions`,
        value: kb(ours.bytesPerItem),
        baseline: kb(baseline.bytesPerItem),
        ratio: times(ours.bytesPerItem / baseline.bytesPerItem),
        target: `≤ ${kb(TARGET_BYTES)}`,
        ok: ours.bytesPerItem <= TARGET_BYTES,
        method:
          `createSwitchboard + createSession() ×${count(n)} (no messages). process.memoryUsage().heapUsed after two forced ` +
          `full GCs, minus the same before, ÷ N: includes the switchboard's registry entry and subscriptions per session. ` +
          `Baseline: N idle createActor(6-state machine, no context).start(), held in an array, measured the same way ` +
          `right before (RESEARCH.md: 3.9 KB). Ratio = ours ÷ baseline. Everything is released and collected between sizes.`,
      },
      {
        name: `create + start per session, ${count(n)} sessions`,
        value: us(ours.nsPerItem),
        baseline: us(baseline.nsPerItem),
        ratio: times(ours.nsPerItem / baseline.nsPerItem),
        target: '—',
        ok: true,
        method:
          `Wall time of the ${count(n)} createSession() calls (no GC forced inside), ÷ N; baseline: the ${count(n)} ` +
          `createActor(...).start() calls of the row above (RESEARCH.md: 28-42 µs). One run per size after a ` +
          `${WARM_UP / 1000}k warm-up of each; includes whatever GC the allocation triggers. No target: reported only.`,
      },
    );
  }
  return rows;
}

if (isMain(import.meta.url)) await runStandalone(benchSessionMemory);
