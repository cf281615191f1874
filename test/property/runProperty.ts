import {
  ProviderError,
  QueueFullError,
  createPriorityPolicy,
  createSwitchboard,
  createVirtualClock,
  type ChatMessage,
  type Provider,
  type SchedulingPolicy,
} from '@switchboard/core';
import { waitBound, type Violation } from '@switchboard/core/testing';
import { createSimulatedProvider, simulatedReply, type SimulatedFault } from '@switchboard/llm-adapter';
import fc from 'fast-check';
import { createSystemProbe, observeProvider } from '@switchboard/core/testing';

/**
 * Property-based runs of a whole switchboard through its public API, on a virtual clock with
 * the simulated provider. A case is a configuration plus a list of commands; after every
 * command, and at every quiet moment while time runs, the invariants are checked; at the
 * end the board must drain, every message must have ended once, and every wait must be
 * within the documented bound. Failures shrink to a short command list, printed as code.
 */

/** How a case sets the switchboard up. All times are whole milliseconds (see `tokenMs`). */
export interface PropertyConfig {
  readonly slots: number;
  /** `undefined` = the board's default (1000). */
  readonly queueCapacity: number | undefined;
  readonly agingMs: number;
  readonly tokens: number;
  /**
   * Time between tokens. A divisor of 1000, so the simulated provider's token times
   * (`start + i × 1000 / tokensPerSecond`) are whole milliseconds: with integer times,
   * comparisons of ranks and deadlines are exact, and no invariant trips on a rounding.
   */
  readonly tokenMs: number;
  readonly firstTokenMs: number;
  readonly maxRetries: number;
  /** Backoff before the first retry (doubling after); no jitter, so times stay whole. */
  readonly backoffMs: number;
  readonly seed: number;
}

export type Command =
  | { readonly kind: 'create' }
  /** `session` indexes the sessions created so far (modulo their number): it stays valid as the list shrinks. */
  | { readonly kind: 'send'; readonly session: number; readonly text: string }
  | { readonly kind: 'switch'; readonly session: number | null }
  | { readonly kind: 'cancel'; readonly session: number; readonly pending: boolean }
  /** The next provider stream fails after `afterTokens` tokens, with a transient or a permanent error. */
  | { readonly kind: 'fault'; readonly afterTokens: number; readonly transient: boolean }
  | { readonly kind: 'advance'; readonly ms: number };

export interface PropertyCase {
  readonly config: PropertyConfig;
  readonly commands: readonly Command[];
}

const MAX_SESSIONS = 4;
const TEXTS = ['hi', 'tell me more', 'why?', 'summarise the report'] as const;

const sessionRef = fc.nat({ max: MAX_SESSIONS - 1 });

export const configArbitrary: fc.Arbitrary<PropertyConfig> = fc.record({
  // One slot half the time: contention (and so preemption and aging) needs few slots.
  slots: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3 })),
  // A small capacity a third of the time; otherwise the default, which these runs never reach.
  queueCapacity: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, fc.integer({ min: 1, max: 4 })),
  agingMs: fc.integer({ min: 200, max: 5000 }),
  tokens: fc.integer({ min: 4, max: 12 }),
  tokenMs: fc.constantFrom(5, 10, 20, 25, 40, 50),
  firstTokenMs: fc.integer({ min: 0, max: 100 }),
  maxRetries: fc.integer({ min: 0, max: 3 }),
  backoffMs: fc.integer({ min: 0, max: 300 }),
  seed: fc.integer({ min: 0, max: 3 }),
});

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Command>({ kind: 'create' }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('send' as const), session: sessionRef, text: fc.constantFrom(...TEXTS) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('switch' as const), session: fc.option(sessionRef, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), session: sessionRef, pending: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      afterTokens: fc.nat({ max: 12 }),
      transient: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
    }),
  },
  {
    weight: 4,
    // Mostly short steps, so work piles up and waits grow; sometimes long ones, so turns end.
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 200 }) }, fc.integer({ min: 0, max: 2000 })),
    }),
  },
);

export const caseArbitrary: fc.Arbitrary<PropertyCase> = fc.record({
  config: configArbitrary,
  commands: fc.array(commandArbitrary, { minLength: 1, maxLength: 25, size: 'max' }),
});

/** A broken case: where and what. */
export class PropertyViolation extends Error {
  override readonly name = 'PropertyViolation';
  constructor(
    /** 1-based command number, or `'end'` for the final drain. */
    readonly step: number | 'end',
    readonly at: number,
    readonly violations: readonly Violation[],
  ) {
    super(
      `${step === 'end' ? 'after the last command, draining' : `at command ${step}`} (t=${at} ms): ` +
        violations.map((v) => `[${v.invariant}] ${v.message}`).join('; '),
    );
  }
}

/** `session` resolved against the sessions created before command `index`. */
function resolveSessions(commands: readonly Command[]): Array<string | null> {
  let created = 0;
  return commands.map((c) => {
    if (c.kind === 'create') {
      if (created < MAX_SESSIONS) created++;
      return `s${created}`;
    }
    if (!('session' in c) || c.session === null) return null;
    return created === 0 ? null : `s${(c.session % created) + 1}`;
  });
}

/** The case as readable code, one command a line. */
export function formatCase(testCase: PropertyCase, agingMs = testCase.config.agingMs): string {
  const c = testCase.config;
  const lines = [
    `slots ${c.slots}, queueCapacity ${c.queueCapacity ?? 'default (1000)'}, agingMs ${agingMs}, ` +
      `${c.tokens} tokens every ${c.tokenMs} ms after ${c.firstTokenMs} ms, maxRetries ${c.maxRetries}, ` +
      `backoff ${c.backoffMs} ms, provider seed ${c.seed}`,
  ];
  const ids = resolveSessions(testCase.commands);
  let created = 0;
  testCase.commands.forEach((cmd, i) => {
    const id = ids[i];
    const n = `${String(i + 1).padStart(2)}.`;
    switch (cmd.kind) {
      case 'create':
        lines.push(created < MAX_SESSIONS ? `${n} createSession() → ${id}` : `${n} createSession() (skipped: ${MAX_SESSIONS} exist)`);
        created = Math.min(created + 1, MAX_SESSIONS);
        return;
      case 'send':
        lines.push(id ? `${n} send(${id}, ${JSON.stringify(cmd.text)})` : `${n} send(…) (skipped: no session)`);
        return;
      case 'switch':
        lines.push(`${n} switchTo(${id ?? 'null'})`);
        return;
      case 'cancel':
        lines.push(id ? `${n} cancel(${id}${cmd.pending ? ', { pending: true }' : ''})` : `${n} cancel(…) (skipped: no session)`);
        return;
      case 'fault':
        lines.push(`${n} injectFault(next stream fails after ${cmd.afterTokens} tokens, ${cmd.transient ? 'transient' : 'permanent'})`);
        return;
      case 'advance':
        lines.push(`${n} advance(${cmd.ms})`);
        return;
    }
  });
  return lines.join('\n');
}

/** What a run may swap in, to show that the checks catch a broken part. */
export interface CaseOptions {
  /** Replaces `createPriorityPolicy({ agingMs: config.agingMs })`; its own `agingMs` is then used throughout. */
  readonly policy?: SchedulingPolicy;
  /** Wraps the simulated provider (inside the live-stream counter). */
  readonly wrapProvider?: (provider: Provider) => Provider;
  /** Summed into, whatever the outcome. */
  readonly coverage?: Coverage;
}

/** Runs one case; resolves with the first violation found, or null. */
export async function runCase(testCase: PropertyCase, options: CaseOptions = {}): Promise<PropertyViolation | null> {
  const { policy, wrapProvider = (p: Provider) => p, coverage } = options;
  const { config, commands } = testCase;
  const schedulingPolicy = policy ?? createPriorityPolicy({ agingMs: config.agingMs });
  const { agingMs } = schedulingPolicy;
  const capacity = config.queueCapacity ?? 1000;
  const clock = createVirtualClock();
  const faults: SimulatedFault[] = [];
  const simulated = createSimulatedProvider({
    clock,
    seed: config.seed,
    tokens: config.tokens,
    tokensPerSecond: 1000 / config.tokenMs,
    firstTokenMs: config.firstTokenMs,
    fault: () => faults.shift(),
  });
  const observed = observeProvider(wrapProvider(simulated));
  const board = createSwitchboard({
    provider: observed.provider,
    clock,
    slots: config.slots,
    ...(config.queueCapacity === undefined ? {} : { queueCapacity: config.queueCapacity }),
    policy: schedulingPolicy,
    maxRetries: config.maxRetries,
    backoff: { baseMs: config.backoffMs, jitter: 0 },
    stallTimeoutMs: 0,
    random: () => 0,
  });
  const answers = new Map<string, string>();
  const expected = (conversation: readonly ChatMessage[]) => {
    const key = conversation.map((m) => `${m.role}\u0000${m.content}`).join('\u0001');
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = simulatedReply(conversation, { tokens: config.tokens, seed: config.seed }).join('');
      answers.set(key, answer);
    }
    return answer;
  };
  const probe = createSystemProbe({ board, observed, agingMs, expected, capacity, clock });
  const ids: string[] = [];
  let refused = 0;
  let found: PropertyViolation | null = null;

  /** Checks now; records the first failure. True once something broke (stops `runUntil`). */
  const checkNow = (step: number | 'end', final = false, extra: Violation[] = []): boolean => {
    if (found) return true;
    const broken = [...extra, ...probe.check(final)];
    if (broken.length > 0) found = new PropertyViolation(step, clock.now(), broken);
    return found !== null;
  };

  /** Lets `ms` pass, checking at every quiet moment (after each timer and the work it caused). */
  const run = async (ms: number, step: number) => {
    const target = clock.now() + ms;
    await clock.runUntil(() => checkNow(step), { maxMs: ms });
    if (!found && clock.now() < target) await clock.advance(target - clock.now());
  };

  let step: number | 'end' = 'end';
  try {
    for (const [index, command] of commands.entries()) {
      step = index + 1;
      const extra = apply(command);
      if (extra.length > 0) return new PropertyViolation(step, clock.now(), extra);
      await run(command.kind === 'advance' ? command.ms : 0, step);
      if (found) return found;
    }
    // Drain: every accepted message must end, with every quiet moment checked on the way.
    step = 'end';
    await clock.runUntil(() => checkNow('end') || board.isIdle(), { maxMs: 3_600_000 });
    if (found) return found;
    const end: Violation[] = [];
    if (!board.isIdle()) end.push({ invariant: 'liveness', message: `${board.outstanding} messages never ended (no timer left, or an hour went by)` });
    end.push(...waitViolations());
    checkNow('end', true, end);
    return found;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return new PropertyViolation(step, clock.now(), [{ invariant: 'error', message: `unexpected throw: ${message}` }]);
  } finally {
    if (coverage) record(coverage);
    board.stop();
  }

  function record(into: Coverage) {
    const stats = board.stats();
    into.cases++;
    into.preemptions += stats.preemptions;
    into.retries += stats.retries;
    into.resumes += stats.resumes;
    into.completions += stats.completions;
    into.cancellations += stats.cancellations;
    into.failures += stats.failures;
    into.refusedSends += refused;
    into.grants += probe.grants.length;
    for (const g of probe.grants) {
      into.longestWaitMs = Math.max(into.longestWaitMs, g.waitedMs);
      if (g.waitedMs > 0) into.waits++;
      if (g.waitedMs > agingMs) into.waitsPastAging++;
    }
  }

  function apply(command: Command): Violation[] {
    const session = () => (ids.length === 0 ? null : ids[(command as { session: number }).session % ids.length]!);
    switch (command.kind) {
      case 'create':
        if (ids.length < MAX_SESSIONS) ids.push(board.createSession());
        return [];
      case 'send': {
        const id = session();
        if (id === null) return [];
        const full = board.outstanding >= capacity;
        const before = board.session(id);
        try {
          probe.send(id, command.text);
        } catch (error) {
          if (!(error instanceof QueueFullError)) throw error;
          refused++;
          if (!full) return [{ invariant: 'capacity', message: `send refused with QueueFullError while only ${board.outstanding} of ${capacity} were outstanding` }];
          const after = board.session(id);
          if (board.outstanding !== probe.accepted - probe.ended || after.pending.length !== before.pending.length || after.messages.length !== before.messages.length || after.state !== before.state) {
            return [{ invariant: 'capacity', message: `a refused send changed the system (session ${id}, outstanding ${board.outstanding})` }];
          }
          return [];
        }
        if (full) return [{ invariant: 'capacity', message: `send accepted with ${capacity} of ${capacity} already outstanding: it must throw QueueFullError` }];
        return [];
      }
      case 'switch':
        board.switchTo(command.session === null ? null : session());
        return [];
      case 'cancel': {
        const id = session();
        if (id === null) return [];
        const before = board.session(id);
        const hadWork = before.turn !== null || (command.pending && before.pending.length > 0);
        const cancelled = board.cancel(id, { pending: command.pending });
        return cancelled === hadWork ? [] : [{ invariant: 'api', message: `cancel(${id}) returned ${cancelled} with ${hadWork ? '' : 'no '}work to cancel` }];
      }
      case 'fault':
        faults.push({
          afterTokens: command.afterTokens,
          error: command.transient
            ? new ProviderError('network', 'Injected: the connection dropped.')
            : new ProviderError('bad_request', 'Injected: the request was refused.'),
        });
        return [];
      case 'advance':
        return [];
    }
  }

  /**
   * Invariant 5's consequence, the documented bound: a request waits at most
   * `(1 − weight) × agingMs + ⌈k / slots⌉ × T`.
   *
   * - weight: the LOWEST its class had while it waited (a switch can demote it mid-wait, and
   *   the background deadline is the later one);
   * - k: the other sessions seen holding a request while it waited (at most one each), and
   *   observations are taken at every quiet moment, so none is missed;
   * - T: the longest time any turn of this run held a slot, summed over its grants. That is
   *   exactly the "turn" of the bound's proof: after R's deadline only the k requests
   *   already ahead can hold slots R waits for, each for at most its total slot time,
   *   which includes everything the simulated provider's known duration would have to
   *   add up conservatively (first-token latency on every resume, backoff before each
   *   retry, the tokens left) without guessing how many resumes switching caused. It is
   *   measured from the scheduler's own start times, and an end is taken at the first
   *   observation without the request, so it errs long (conservative), never short. It
   *   is not vacuous: it is one turn's time, while starvation grows with the length of
   *   the foreground stream it waits behind.
   */
  function waitViolations(): Violation[] {
    const turnMs = probe.longestTurnMs;
    const broken: Violation[] = [];
    for (const g of probe.grants) {
      const bound = waitBound({ weight: g.minWeight, agingMs, others: g.others, slots: config.slots, turnMs });
      if (g.waitedMs > bound) {
        broken.push({
          invariant: 'wait',
          message: `${g.turnId} (${g.sessionId}) waited ${g.waitedMs} ms for the slot it got at ${g.grantedAt}, over the bound ${bound} ms (weight ${g.minWeight}, ${g.others} other sessions, T ${turnMs} ms)`,
        });
      }
    }
    return broken;
  }
}

/** What the cases exercised, summed (shrinking runs included): a property that never preempts proves little. */
export interface Coverage {
  cases: number;
  preemptions: number;
  retries: number;
  resumes: number;
  completions: number;
  cancellations: number;
  failures: number;
  refusedSends: number;
  grants: number;
  /** Grants after a non-zero wait. */
  waits: number;
  /** Grants after a wait longer than `agingMs` (where aging decides). */
  waitsPastAging: number;
  longestWaitMs: number;
}

const emptyCoverage = (): Coverage => ({
  cases: 0, preemptions: 0, retries: 0, resumes: 0, completions: 0, cancellations: 0, failures: 0,
  refusedSends: 0, grants: 0, waits: 0, waitsPastAging: 0, longestWaitMs: 0,
});

export interface PropertyOutcome {
  /** Cases run (all of them, or up to the first failure). */
  readonly runs: number;
  readonly failed: boolean;
  /** The shrunk failing case, as code, with what broke and how to replay it. */
  readonly counterexample?: string;
  /** Names of the invariants the shrunk case breaks, e.g. `['starvation', 'priority']`. */
  readonly invariants?: readonly string[];
  /** Commands in the shrunk case. */
  readonly commands?: number;
  readonly numShrinks: number;
  readonly seed: number;
  readonly coverage: Coverage;
}

/**
 * The switchboard property, `numRuns` cases (shared by the vitest file and `pnpm verify`).
 * With `policy`, the board uses it instead of the default priority policy, and with
 * `wrapProvider` a wrapped provider (to show that a broken one is caught).
 *
 * @example
 * ```ts
 * const outcome = await runSwitchboardProperty({ numRuns: 1000 });
 * if (outcome.failed) console.error(outcome.counterexample);
 * ```
 */
export async function runSwitchboardProperty(options: {
  numRuns: number;
  seed?: number;
  policy?: SchedulingPolicy;
  /** Wraps the simulated provider: to show that a provider that corrupts answers is caught. */
  wrapProvider?: (provider: Provider) => Provider;
}): Promise<PropertyOutcome> {
  const { numRuns, seed, policy, wrapProvider } = options;
  const coverage = emptyCoverage();
  const caseOptions: CaseOptions = { coverage, ...(policy ? { policy } : {}), ...(wrapProvider ? { wrapProvider } : {}) };
  const property = fc.asyncProperty(caseArbitrary, async (testCase) => {
    const violation = await runCase(testCase, caseOptions);
    if (violation) throw violation;
  });
  const details = await fc.check(property, { numRuns, ...(seed === undefined ? {} : { seed }) });
  if (!details.failed) return { runs: details.numRuns, failed: false, numShrinks: 0, seed: details.seed, coverage };
  const [shrunk] = details.counterexample ?? [];
  const error = details.errorInstance;
  let violation = error instanceof PropertyViolation ? error : null;
  let testCase = shrunk;
  let removed = 0;
  if (shrunk && violation) {
    const minimal = await dropCommands(shrunk, violation, { policy, wrapProvider } as CaseOptions);
    ({ testCase, violation, removed } = minimal);
  }
  const what = violation ? violation.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  const agingMs = policy?.agingMs;
  return {
    runs: details.numRuns,
    failed: true,
    counterexample:
      (testCase ? formatCase(testCase, agingMs) : '(no counterexample)') +
      `\n→ ${what}\n(shrunk ${details.numShrinks} times${removed ? `, then ${removed} more command${removed === 1 ? '' : 's'} dropped` : ''}; ` +
      `replay with seed ${details.seed}, path "${details.counterexamplePath}")`,
    ...(violation ? { invariants: [...new Set(violation.violations.map((v) => v.invariant))] } : {}),
    ...(testCase ? { commands: testCase.commands.length } : {}),
    numShrinks: details.numShrinks,
    seed: details.seed,
    coverage,
  };
}

/**
 * fast-check shrinks an array by cutting its head and by shrinking items in place, so a
 * useless command near the end can survive. This drops commands one at a time, as long as
 * the case still breaks the same invariant first, until none can go.
 */
async function dropCommands(
  testCase: PropertyCase,
  violation: PropertyViolation,
  options: CaseOptions,
): Promise<{ testCase: PropertyCase; violation: PropertyViolation; removed: number }> {
  const first = violation.violations[0]?.invariant;
  let current = testCase;
  let currentViolation = violation;
  let removed = 0;
  for (let i = current.commands.length - 1; i >= 0; i--) {
    if (current.commands.length <= 1) break;
    const candidate = { ...current, commands: current.commands.filter((_, j) => j !== i) };
    const again = await runCase(candidate, options);
    if (again && again.violations[0]?.invariant === first) {
      current = candidate;
      currentViolation = again;
      removed++;
    }
  }
  return { testCase: current, violation: currentViolation, removed };
}
