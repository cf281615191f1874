import type { AnyActorLogic, EventObject, Snapshot } from 'xstate';
import { toModelPath } from './completePaths.js';
import { traceStep } from './traceStep.js';
import type { ModelPath } from './types.js';

/**
 * A path from an explicit event list, each event applied to the snapshot the previous one
 * produced.
 *
 * Not `getPathsFromEvents` from `xstate/graph`: it walks the abstract adjacency map, so each
 * step starts from the first snapshot seen with that serialization rather than the
 * scenario's own (a `GRANT` for turn `m2` can meet a snapshot whose turn is `m1`), and for a
 * machine it builds the initial snapshot without the given `input` (xstate 5.33.3: the
 * session machine's context factory fails on `input.sessionId`, leaving no context).
 *
 * @example
 * ```ts
 * const path = scenarioPath(sessionMachine, sessionMachine.getInitialSnapshot(scope, input), [
 *   { type: 'SEND', messageId: 'm1', text: 'hi', at: 0 },
 *   { type: 'GRANT', turnId: 'm1', at: 0 },
 * ]);
 * path.description; // 'idle —SEND→ queued —GRANT→ streaming'
 * ```
 */
export function scenarioPath<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject>(
  logic: AnyActorLogic,
  initial: TSnapshot,
  events: readonly TEvent[],
): ModelPath<TSnapshot, TEvent> {
  const steps = [{ event: { type: 'xstate.init' } as TEvent, state: initial }];
  let state = initial;
  for (const event of events) {
    state = traceStep(logic, state, event).next;
    steps.push({ event, state });
  }
  return toModelPath({ state, steps, weight: events.length }, 'scenario');
}
