import type { EventObject } from 'xstate';
import { ProviderError } from '../../provider/ProviderError.js';
import type { FaultPlan } from './controlledProvider.js';
import type { SessionModelSnapshot } from './sessionModel.js';
import type { SessionPath } from './sessionPaths.js';
import type { SessionWorld } from './sessionWorld.js';
import type { SessionEvent } from '../../session/events.js';

/** One step of a session path, as a realiser sees it. */
export interface SessionStepContext {
  readonly world: SessionWorld;
  readonly path: SessionPath;
  /** Index of this step in `path.steps` (1 is the first event). */
  readonly index: number;
  readonly event: EventObject & Readonly<Record<string, unknown>>;
  /** Model states before and after. */
  readonly from: string;
  readonly to: string;
  readonly before: SessionModelSnapshot;
  readonly after: SessionModelSnapshot;
}

/**
 * Makes the real system produce one model event for the session under test, through the
 * public API and the environment. Return once its effect is visible (or await the clock).
 */
export type SessionRealiser = (step: SessionStepContext) => void | Promise<void>;

/** A fresh copy: the model's error objects are shared between paths. */
const copy = (error: unknown) => {
  const e = error as ProviderError;
  return new ProviderError(e.kind, e.message, e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs });
};

/** Events that happen within one attempt without ending it. */
const WITHIN_ATTEMPT = new Set(['STREAM.DELTA', 'STREAM.TOOL_CALL', 'STREAM.RESTART', 'SEND']);

/**
 * The fault this attempt must be opened with: the simulated provider decides a fault when a
 * stream starts, so when the path's attempt ends in `STREAM.ERROR` after k tokens, the
 * first token's step must already ask for "k tokens, then this error".
 *
 * @example
 * ```ts
 * // steps: … STREAM.DELTA (index 5), STREAM.DELTA, STREAM.ERROR(network)
 * plannedFault(path, 5); // { afterTokens: 2, error: ProviderError('network') }
 * ```
 */
export function plannedFault(path: SessionPath, index: number): FaultPlan | undefined {
  let tokens = 0;
  for (let j = index; j < path.steps.length; j++) {
    const { event } = path.steps[j]!;
    if (event.type === 'STREAM.ERROR') return { afterTokens: tokens, error: copy((event as unknown as { error: unknown }).error) };
    if (!WITHIN_ATTEMPT.has(event.type)) return undefined;
    if (event.type === 'STREAM.DELTA') tokens++;
  }
  return undefined;
}

/** The session gives up its slot and the model expects it to wait: someone must take the slot. */
const beforeLeavingTheSlot = ({ world, to }: SessionStepContext) => {
  if (to === 'queued' && world.running().includes(world.sut)) world.queueSuccessor();
};

/**
 * How each event of the session machine is produced in the real system:
 * - `SEND` → `board.send` (if it starts a turn, a helper holds the slot, so the turn waits);
 * - `CANCEL` → `board.cancel`, with `pending` as in the event;
 * - `GRANT` → the helpers' work ends, the scheduler hands the slot over;
 * - `PREEMPT` → the foreground helper sends while the session streams in the background;
 * - `STREAM.*` → the stream is told what to produce and the clock runs until the session
 *   handles it; errors come through the provider's fault hook.
 *
 * @example
 * ```ts
 * createSystemDriver({ provider, sessionRealisers: { ...sessionRealisers, ARCHIVE: ({ world }) => archive(world.sut) } });
 * ```
 */
export const sessionRealisers: Readonly<Record<string, SessionRealiser>> = {
  // The session under test is fresh when a path restores it: the saved state goes to its
  // actor as is (the board's restoreSession creates a new session, which the path cannot follow).
  RESTORE: ({ world, event }) => {
    const saved = event as Extract<SessionEvent, { type: 'RESTORE' }>;
    // Tagged like every message of the session under test, so its streams obey the path.
    const tag = (text: string) => world.streams.tag(world.sut, text);
    if (saved.turn !== null) world.occupySlot();
    world.sutActor.send({
      ...saved,
      messages: saved.messages.map((m) => (m.role === 'user' ? { ...m, content: tag(m.content) } : m)),
      turn: saved.turn && { ...saved.turn, text: tag(saved.turn.text) },
    });
  },
  SEND: ({ world, event }) => {
    if (world.board.session(world.sut).turn === null) world.occupySlot();
    world.send(world.sut, String(event.text));
  },
  CANCEL: (step) => {
    beforeLeavingTheSlot(step);
    step.world.board.cancel(step.world.sut, { pending: step.event.pending === true });
  },
  GRANT: ({ world }) => world.freeSlot(),
  PREEMPT: ({ world }) => world.preempt(),
  'STREAM.DELTA': ({ world, path, index }) => {
    const fault = plannedFault(path, index);
    return world.stream(fault ? { type: 'delta', fault } : { type: 'delta' }, 'a token');
  },
  'STREAM.TOOL_CALL': ({ world, event }) =>
    world.stream({ type: 'tool_call', delta: event.delta as { index: number; arguments: string } }, 'a tool call'),
  'STREAM.RESTART': ({ world }) => world.stream({ type: 'restart' }, 'a restart'),
  'STREAM.DONE': (step) => {
    beforeLeavingTheSlot(step);
    return step.world.stream({ type: 'done' }, 'the end of the answer');
  },
  'STREAM.ERROR': (step) => {
    beforeLeavingTheSlot(step);
    return step.world.stream({ type: 'error', error: copy(step.event.error) }, 'the provider error');
  },
};
