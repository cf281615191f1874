import { QueueFullError, SwitchboardError, type SchedulerStats, type SessionView, type Switchboard } from '@switchboard/core';
import { ScenarioError } from './ScenarioError.js';
import type { ScenarioTiming } from './timing.js';
import type { ScenarioStep } from './types.js';
import { watchTransitions, type TimelineEntry } from './watchTransitions.js';

export interface RunScenarioOptions {
  /** A fresh switchboard on `timing.clock`; the caller owns it (and stops it). */
  readonly board: Switchboard;
  readonly timing: ScenarioTiming;
  /** Names the script in error messages. */
  readonly file?: string;
  /** Called as each transition happens, for live output. */
  readonly onTransition?: (entry: TimelineEntry) => void;
  /**
   * Called when a step has been carried out, `at` in ms since the run started; for a send,
   * with the id the accepted message got (it is stored, if the board has a store).
   */
  readonly onStep?: (step: ScenarioStep, at: number, messageId?: string) => void;
}

/** Everything a run produced, read once every message has ended. */
export interface ScenarioResult {
  readonly sessions: readonly SessionView[];
  /** Every session state change, `at` in ms since the run started. */
  readonly transitions: readonly TimelineEntry[];
  readonly stats: SchedulerStats;
  /** From the first step to the moment everything was idle, in ms. */
  readonly durationMs: number;
}

/**
 * Executes parsed steps on a switchboard, then waits until every session is idle
 * (an implicit `wait idle` at the end, so no answer is cut off).
 *
 * @throws ScenarioError when the switchboard refuses a step, or when a `wait idle` can
 *   never finish (a virtual clock with work left but nothing scheduled)
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const board = createSwitchboard({ provider: createSimulatedProvider({ clock }), clock });
 * const result = await runScenario(parseScenario(text, file), { board, timing: virtualTiming(clock), file });
 * ```
 */
export async function runScenario(steps: readonly ScenarioStep[], options: RunScenarioOptions): Promise<ScenarioResult> {
  const { board, timing, file = 'scenario' } = options;
  const start = timing.clock.now();
  const transitions: TimelineEntry[] = [];
  const unwatch = watchTransitions(board, { start, span: timing.span }, (entry) => {
    transitions.push(entry);
    options.onTransition?.(entry);
  });

  const waitIdle = async (line: number, what: string) => {
    if (!(await timing.untilIdle(board))) {
      throw new ScenarioError(file, line, `${what} can never finish: ${board.outstanding} message(s) unanswered and nothing left to happen`);
    }
  };

  const execute = async (step: ScenarioStep): Promise<string | undefined> => {
    switch (step.kind) {
      case 'new':
        board.createSession({ id: step.session });
        return;
      case 'switch':
        board.switchTo(step.session);
        return;
      case 'send': {
        const reply = board.send(step.session, step.text);
        // The transcript records how every turn ended; a failed one must not become an unhandled rejection.
        reply.result.then(undefined, () => {});
        return reply.messageId;
      }
      case 'cancel':
        board.cancel(step.session);
        return;
      case 'wait':
        await timing.elapse(step.ms);
        return;
      case 'waitIdle':
        await waitIdle(step.line, '"wait idle"');
        return;
    }
  };

  try {
    for (const step of steps) {
      try {
        const messageId = await execute(step);
        options.onStep?.(step, timing.span(start, timing.clock.now()), messageId);
      } catch (error) {
        // The switchboard's refusals are the script's fault: point at the line.
        if (error instanceof SwitchboardError || error instanceof QueueFullError) {
          throw new ScenarioError(file, step.line, error.message, { cause: error });
        }
        throw error;
      }
    }
    await waitIdle(steps.at(-1)?.line ?? 1, 'the final wait for idle');
    return { sessions: board.sessions(), transitions, stats: board.stats(), durationMs: timing.span(start, timing.clock.now()) };
  } finally {
    unwatch();
  }
}
