import { createEmptyActor, type EventObject, type MachineSnapshot } from 'xstate';
import type { SessionContext, SessionInput } from '../../machines/sessionMachine.js';
import { ProviderError } from '../../provider/ProviderError.js';
import type { SessionEvent } from '../../session/events.js';
import type { PendingMessage, TranscriptMessage, Turn, TurnError } from '../../session/types.js';
import { topState } from './graphEdges.js';

/** A snapshot of the session machine, or of a machine built on it (extra context is fine). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SessionModelSnapshot = MachineSnapshot<SessionContext, EventObject, any, any, any, any, any, any>;

/**
 * Model time: every sample event happens at 0. Times only feed statistics and priorities,
 * which the session machine does not branch on.
 */
const AT = 0;

/**
 * The tool-call piece of the sample `STREAM.TOOL_CALL` event.
 *
 * @example
 * ```ts
 * actor.send({ type: 'STREAM.TOOL_CALL', attempt: 1, delta: SAMPLE_TOOL_CALL, at: 0 });
 * ```
 */
export const SAMPLE_TOOL_CALL = { index: 0, id: 'call_0', name: 'lookup', arguments: '{}' } as const;

/**
 * The model's input: a traversal needs a scheduler reference to send to, never a live one.
 * One retry keeps the fault branch short: the abstract state space grows with `maxRetries`.
 *
 * @example
 * ```ts
 * sessionPaths(sessionMachine, { input: { ...defaultSessionInput(), maxRetries: 2 } });
 * ```
 */
export function defaultSessionInput(): SessionInput {
  return { sessionId: 'model', scheduler: createEmptyActor(), maxRetries: 1 };
}

/**
 * The sample events the environment can produce in a state: a message (with a fresh id),
 * cancels, the scheduler's grant and interrupt for the current turn, and every stream report
 * of the current attempt (text, a tool call, a restart, the end, a transient and a
 * permanent error). Unhandled ones are dropped later by `snapshot.can`.
 *
 * One restriction encodes what the real system can do: a turn suspended by a transient fault
 * is granted again at once (it keeps its rank, and nothing waiting outranked it, or it would
 * have been preempted), so in that state the only next event is `GRANT`.
 *
 * @example
 * ```ts
 * sessionEvents(snapshot).map((e) => e.type); // ['SEND', 'CANCEL', 'PREEMPT', 'STREAM.DELTA', ...]
 * ```
 */
export function sessionEvents(snapshot: SessionModelSnapshot): SessionEvent[] {
  const { context } = snapshot;
  const { turn, attempt } = context;
  // Every accepted message is either a user message of the transcript (the turn's included) or pending.
  const n = context.messages.filter((m) => m.role === 'user').length + context.pending.length + 1;
  const send: SessionEvent = { type: 'SEND', messageId: `m${n}`, text: `message ${n}`, at: AT };
  if (!turn && context.messages.length === 0 && context.pending.length === 0) {
    // A fresh session can also take a saved one's place: with an interrupted answer, with a turn not started, or idle.
    const saved = (partial: string): SessionEvent => ({
      type: 'RESTORE',
      messages: [{ id: 'r1', role: 'user', content: 'saved question', at: AT }],
      pending: [],
      turn: { id: 'r1', text: 'saved question', acceptedAt: AT, partial, tokens: partial === '' ? 0 : 1 },
      at: AT,
    });
    return [send, saved('Saved '), saved(''), { type: 'RESTORE', messages: [], pending: [], turn: null, at: AT }];
  }
  if (!turn) return [send];
  const grant: SessionEvent = { type: 'GRANT', turnId: turn.id, at: AT };
  if (topState(snapshot.value) === 'suspended' && turn.lastFault !== null) return [grant];
  return [
    send,
    { type: 'CANCEL', at: AT },
    ...(context.pending.length > 0 ? [{ type: 'CANCEL', pending: true, at: AT } as const] : []),
    grant,
    { type: 'PREEMPT', turnId: turn.id, at: AT },
    { type: 'STREAM.DELTA', attempt, text: 'x', at: AT },
    { type: 'STREAM.TOOL_CALL', attempt, delta: SAMPLE_TOOL_CALL, at: AT },
    { type: 'STREAM.RESTART', attempt, at: AT },
    { type: 'STREAM.DONE', attempt, reason: 'stop', at: AT },
    { type: 'STREAM.ERROR', attempt, error: new ProviderError('network', 'The connection dropped.'), at: AT },
    { type: 'STREAM.ERROR', attempt, error: new ProviderError('auth', 'The key was refused.'), at: AT },
  ];
}

/**
 * The abstract state: the state value plus only the facts a guard or the environment looks
 * at. The default serialization includes the whole context (ids, transcript), which never
 * repeats, so the traversal would not end.
 *
 * - a turn or not; its partial empty or not; retries left (`canRetry`); faulted before (see
 *   {@link sessionEvents});
 * - pending messages, capped at 2 (`continues` only asks "any?"; 2 lets a cancel-all differ).
 *
 * @example
 * ```ts
 * serializeSessionState(snapshot); // '["streaming",[true,1,false],0]'
 * ```
 */
export function serializeSessionState(snapshot: SessionModelSnapshot): string {
  const { turn, pending, maxRetries } = snapshot.context;
  const facts = turn ? [turn.partial !== '', maxRetries - turn.faults, turn.lastFault !== null] : null;
  return JSON.stringify([snapshot.value, facts, Math.min(pending.length, 2)]);
}

/** What of a session the model and the real system must agree on after every step. */
export interface SessionFacts {
  readonly state: string;
  readonly turn: boolean;
  readonly partial: boolean;
  readonly pending: number;
  readonly messages: number;
  readonly faults: number;
  readonly preemptions: number;
  readonly resumes: number;
  readonly restarts: number;
  readonly toolCalls: number;
  readonly error: string | null;
}

/**
 * Facts comparable between a model snapshot and a real session (`board.session(id)`): counts
 * and flags, not ids or text, which the two produce differently.
 *
 * @example
 * ```ts
 * expect(sessionFacts(board.session('s'))).toEqual(sessionFacts({ state: 'queued', ...snapshot.context }));
 * ```
 */
export function sessionFacts(session: {
  readonly state: string;
  readonly turn: Turn | null;
  readonly pending: readonly PendingMessage[];
  readonly messages: readonly TranscriptMessage[];
  readonly error: TurnError | null;
}): SessionFacts {
  const { turn } = session;
  return {
    state: session.state,
    turn: turn !== null,
    partial: (turn?.partial ?? '') !== '',
    pending: session.pending.length,
    messages: session.messages.length,
    faults: turn?.faults ?? 0,
    preemptions: turn?.preemptions ?? 0,
    resumes: turn?.resumes ?? 0,
    restarts: turn?.restarts ?? 0,
    toolCalls: turn?.toolCalls.length ?? 0,
    error: session.error?.kind ?? null,
  };
}
