import { and, assign, emit, enqueueActions, fromCallback, sendTo, setup, spawnChild, stopChild, type AnyActorRef } from 'xstate';
import type { StreamInput } from '../actors/fromProviderStream.js';
import type { SchedulerEvent } from '../scheduler/events.js';
import type { SessionEmitted, SessionEvent } from '../session/events.js';
import type { PendingMessage, TranscriptMessage, Turn, TurnError, TurnOutcome } from '../session/types.js';

export interface SessionContext {
  readonly sessionId: string;
  /** Where slot requests, releases and suspensions go. */
  readonly scheduler: AnyActorRef;
  /** Finished exchanges, plus the user message of the turn in progress. */
  readonly messages: readonly TranscriptMessage[];
  /** Messages accepted while busy, in order; each becomes a turn when the one before it ends. */
  readonly pending: readonly PendingMessage[];
  readonly turn: Turn | null;
  /** Counts stream actors started; a stream's events carry its number, so a stopped stream's late chunks are recognised and dropped. */
  readonly attempt: number;
  /** Why the last turn failed, until the next one completes. */
  readonly error: TurnError | null;
  /** Transient faults a turn may recover from (by suspending and resuming) before it fails. */
  readonly maxRetries: number;
}

export interface SessionInput {
  readonly sessionId: string;
  readonly scheduler: AnyActorRef;
  /** Default 3. */
  readonly maxRetries?: number;
}

const STREAM_ID = 'stream';


const toScheduler = (event: SchedulerEvent) => event;

const session = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    emitted: {} as SessionEmitted,
  },
  actors: {
    // Replaced through `.provide()` with `fromProviderStream(provider, clock)`.
    streamReply: fromCallback<{ type: 'never' }, StreamInput>(() => {
      throw new Error('sessionMachine needs a stream actor: provide streamReply: fromProviderStream(provider, clock).');
    }),
  },
  guards: {
    /** After this turn ends, is there a message waiting to go next? A cancel-everything empties the queue. */
    continues: ({ context, event }) => context.pending.length > 0 && !(event.type === 'CANCEL' && event.pending),
    /** Only a session that has seen nothing yet can take a saved one's place. */
    isFresh: ({ context }) => context.messages.length === 0 && context.pending.length === 0 && context.turn === null,
    restoresPartial: ({ event }) => event.type === 'RESTORE' && !!event.turn && event.turn.partial !== '',
    restoresWork: ({ event }) => event.type === 'RESTORE' && (!!event.turn || event.pending.length > 0),
    /** A transient fault with retries left: suspend and go back to the queue instead of failing. */
    canRetry: ({ context, event }) =>
      event.type === 'STREAM.ERROR' && event.error.retryable && (context.turn?.faults ?? Infinity) < context.maxRetries,
    isCurrentAttempt: ({ context, event }) => 'attempt' in event && event.attempt === context.attempt,
    isCurrentTurn: ({ context, event }) => 'turnId' in event && event.turnId === context.turn?.id,
  },
  actions: {
    /**
     * Runs first in every state change (exit actions precede transition actions), so
     * observers learn of the change before the scheduler reacts to this session's
     * messages: recorded transitions come out in causal order.
     */
    announceExit: emit({ type: 'stateExited' }),
    queueMessage: assign({
      pending: ({ context, event }) =>
        event.type === 'SEND' ? [...context.pending, { id: event.messageId, text: event.text, acceptedAt: event.at }] : context.pending,
    }),
    /**
     * Makes the message just sent the turn (`requestSlot` then asks for a slot). A turn that comes from the
     * pending list later asks in the same event that releases the previous one (`endTurn`),
     * with the time of that event: time spent behind this session's own turns earns no
     * priority over other sessions.
     */
    // Two static actions rather than one `enqueueActions`: that builds a dozen functions per
    // call, and this runs on every send (the start of the preemption path).
    startTurn: assign(({ context, event }) =>
      // The message goes straight from the event to the turn: nothing is waiting before it.
      event.type === 'SEND'
        ? beginNextTurn({ messages: context.messages, pending: [{ id: event.messageId, text: event.text, acceptedAt: event.at }] })!
        : {},
    ),
    /** Asks for a slot for the turn `startTurn` just made. */
    requestSlot: sendTo(
      ({ context }) => context.scheduler,
      ({ context, event, self }) =>
        toScheduler({ type: 'REQUEST', turnId: context.turn!.id, sessionId: context.sessionId, session: self, at: (event as { at: number }).at }),
    ),
    /**
     * Takes back a saved session. A saved turn becomes the turn again (its user message is the
     * last of the saved transcript) and asks for a slot now; without one, the first waiting
     * message does.
     */
    restore: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'RESTORE') return;
      const saved = event.turn;
      const base = { messages: event.messages, pending: event.pending };
      const next = saved
        ? {
            ...base,
            turn: {
              ...freshTurn(saved),
              partial: saved.partial,
              tokens: saved.tokens,
              // A partial means the answer had started: the next grant is a resume. Its first
              // token came in an earlier life, so no time to first token is measured again.
              startedAt: saved.partial === '' ? null : event.at,
              firstTokenAt: saved.partial === '' ? null : event.at,
            },
          }
        : beginNextTurn(base);
      if (!next) return void enqueue.assign(base);
      enqueue.assign(next);
      enqueue.sendTo(context.scheduler, ({ self }) =>
        toScheduler({ type: 'REQUEST', turnId: next.turn.id, sessionId: context.sessionId, session: self, at: event.at }),
      );
    }),
    // `startAttempt` then `spawnStream`, static actions rather than one `enqueueActions` (which
    // builds a dozen functions per call): a grant is on the preemption path.
    startAttempt: assign(({ context, event }) => {
      const turn = context.turn!;
      return {
        attempt: context.attempt + 1,
        turn: turn.startedAt !== null ? { ...turn, resumes: turn.resumes + 1 } : { ...turn, startedAt: (event as { at: number }).at },
      };
    }),
    /** Runs after `startAttempt`, so it sees the new attempt number. */
    spawnStream: spawnChild('streamReply', {
      id: STREAM_ID,
      input: ({ context }): StreamInput => {
        const turn = context.turn!;
        const retryAfterMs = turn.lastFault?.retryAfterMs;
        return retryAfterMs === undefined
          ? // The transcript itself (its last message is the turn's user message): a transcript
            // message is a ChatMessage with extra fields, so no copy that grows with history.
            { attempt: context.attempt, messages: context.messages, prefix: turn.partial, faults: turn.faults }
          : { attempt: context.attempt, messages: context.messages, prefix: turn.partial, faults: turn.faults, retryAfterMs };
      },
    }),
    stopStream: stopChild(STREAM_ID),
    appendDelta: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'STREAM.DELTA') return;
      const turn = context.turn!;
      enqueue.assign({
        turn: {
          ...turn,
          partial: turn.partial + event.text,
          tokens: turn.tokens + (event.pieces ?? 1),
          firstTokenAt: turn.firstTokenAt ?? event.at,
        },
      });
      enqueue.emit({ type: 'delta', turnId: turn.id, text: event.text });
    }),
    /** Preempted: the scheduler has already put the turn back in the queue, so there is nothing to tell it. */
    markSuspended: enqueueActions(({ context, enqueue }) => {
      const turn = context.turn!;
      enqueue.assign({ turn: { ...turn, preemptions: turn.preemptions + 1, toolCalls: [] } });
      if (turn.toolCalls.length > 0) enqueue.emit({ type: 'toolCallsDiscarded', turnId: turn.id });
    }),
    /** An involuntary preemption: the same suspension, caused by a transient provider fault. */
    markFaulted: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'STREAM.ERROR') return;
      const turn = context.turn!;
      const { kind, message, retryAfterMs } = event.error;
      const lastFault: TurnError = retryAfterMs === undefined ? { kind, message } : { kind, message, retryAfterMs };
      enqueue.assign({ turn: { ...turn, faults: turn.faults + 1, lastFault, toolCalls: [] } });
      if (turn.toolCalls.length > 0) enqueue.emit({ type: 'toolCallsDiscarded', turnId: turn.id });
      enqueue.sendTo(context.scheduler, toScheduler({ type: 'SUSPENDED', turnId: turn.id, at: event.at }));
    }),
    restartAnswer: enqueueActions(({ context, enqueue }) => {
      const turn = context.turn!;
      enqueue.assign({ turn: { ...turn, partial: '', tokens: 0, toolCalls: [], restarts: turn.restarts + 1 } });
      enqueue.emit({ type: 'replaced', turnId: turn.id });
    }),
    appendToolCall: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'STREAM.TOOL_CALL') return;
      const turn = context.turn!;
      const { delta } = event;
      const calls = [...turn.toolCalls];
      const existing = calls[delta.index];
      calls[delta.index] = existing
        ? { ...existing, arguments: existing.arguments + delta.arguments }
        : { id: delta.id ?? `call_${delta.index}`, name: delta.name ?? '', arguments: delta.arguments };
      enqueue.assign({ turn: { ...turn, toolCalls: calls, firstTokenAt: turn.firstTokenAt ?? event.at } });
      enqueue.emit({ type: 'toolCallDelta', turnId: turn.id, delta });
    }),
    /**
     * Records the answer, gives back the slot (or the place in the queue) and says how the
     * turn ended. With `next`, the first pending message becomes the turn in the same
     * message to the scheduler, so the slot is never handed to someone else for an instant
     * only to be taken back by this session's next turn.
     */
    endTurn: enqueueActions(({ context, event, enqueue }, params: { outcome: TurnOutcome; next: boolean }) => {
      const turn = context.turn;
      if (!turn) return;
      const { outcome } = params;
      const at = (event as { at: number }).at;
      const error: TurnError | null =
        event.type === 'STREAM.ERROR'
          ? {
              kind: event.error.kind,
              message:
                turn.faults > 0 && event.error.retryable
                  ? `${event.error.message.replace(/[.\s]+$/, '')}; gave up after ${turn.faults} ${turn.faults === 1 ? 'retry' : 'retries'}.`
                  : event.error.message,
            }
          : null;
      const answer: TranscriptMessage | null =
        outcome === 'cancelled' && turn.partial === ''
          ? null
          : {
              id: `${turn.id}:answer`,
              role: 'assistant',
              content: turn.partial,
              status: outcome,
              tokens: turn.tokens,
              ...(outcome === 'completed' && turn.toolCalls.length > 0 ? { toolCalls: turn.toolCalls } : {}),
              at,
            };
      const ended = {
        turn: null,
        messages: answer ? [...context.messages, answer] : context.messages,
        error: outcome === 'completed' ? null : outcome === 'failed' ? error : context.error,
      };
      const next = params.next ? beginNextTurn({ ...context, ...ended }) : null;
      enqueue.assign(next ? { ...ended, ...next } : ended);
      const timeToFirstTokenMs = turn.firstTokenAt === null ? undefined : turn.firstTokenAt - turn.acceptedAt;
      enqueue.sendTo(context.scheduler, ({ self }) =>
        toScheduler({
          type: 'RELEASE',
          turnId: turn.id,
          outcome,
          at,
          ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }),
          ...(next ? { next: { turnId: next.turn.id, sessionId: context.sessionId, session: self } } : {}),
        }),
      );
      enqueue.emit({ type: 'turnEnded', turnId: turn.id, outcome, answer, error });
    }),
    /** `CANCEL` with `pending: true` also ends every waiting message, each with its own outcome. */
    cancelPending: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'CANCEL' || !event.pending || context.pending.length === 0) return;
      for (const message of context.pending) {
        // Never queued at the scheduler, but counted there so its stats add up to every outcome.
        enqueue.sendTo(context.scheduler, toScheduler({ type: 'RELEASE', turnId: message.id, outcome: 'cancelled', at: event.at }));
        enqueue.emit({ type: 'turnEnded', turnId: message.id, outcome: 'cancelled', answer: null, error: null });
      }
      enqueue.assign({
        pending: [],
        messages: [
          ...context.messages,
          ...context.pending.map((m): TranscriptMessage => ({ id: m.id, role: 'user', content: m.text, at: m.acceptedAt })),
        ],
      });
    }),
  },
});

const end = (outcome: TurnOutcome, next: boolean) => ({ type: 'endTurn', params: { outcome, next } }) as const;

/** Every state with a turn in progress (queued, streaming, suspended, resuming) can cancel it. */
const cancel = [
  { guard: 'continues', target: 'queued', actions: ['stopStream', end('cancelled', true), 'cancelPending'] },
  { target: 'idle', actions: ['stopStream', end('cancelled', false), 'cancelPending'] },
] as const;

/** Shared by `streaming` and `resuming`: the two states in which a stream holds a slot. */
const onAir = session.createStateConfig({
  exit: 'announceExit',
  on: {
    CANCEL: cancel,
    'STREAM.DONE': [
      { guard: and(['isCurrentAttempt', 'continues']), target: 'queued', actions: ['stopStream', end('completed', true)] },
      { guard: 'isCurrentAttempt', target: 'idle', actions: ['stopStream', end('completed', false)] },
    ],
    'STREAM.ERROR': [
      { guard: and(['isCurrentAttempt', 'canRetry']), target: 'suspended', actions: ['stopStream', 'markFaulted'] },
      { guard: and(['isCurrentAttempt', 'continues']), target: 'queued', actions: ['stopStream', end('failed', true)] },
      { guard: 'isCurrentAttempt', target: 'failed', actions: ['stopStream', end('failed', false)] },
    ],
    PREEMPT: { guard: 'isCurrentTurn', target: 'suspended', actions: ['stopStream', 'markSuspended'] },
    'STREAM.RESTART': { guard: 'isCurrentAttempt', actions: 'restartAnswer' },
  },
});

/**
 * One chat session as a statechart.
 *
 * - `idle`: nothing to do. `SEND` starts a turn and asks the scheduler for a slot.
 * - `queued`: the turn waits for a slot.
 * - `streaming`: it holds a slot and its answer streams into `turn.partial`.
 * - `suspended`: preempted; the partial is kept and the turn waits again, in its original place.
 * - `resuming`: granted a slot again; the provider continues from the partial. The first new
 *   chunk moves it back to `streaming`.
 * - `failed`: the last turn failed (its partial and error are kept). `SEND` starts a new turn.
 *
 * Messages sent while a turn is in progress wait in `pending` and run next, in order.
 *
 * Late chunks: the partial is exactly what the session received before it left
 * `streaming`/`resuming`. Stream events are only handled in those two states and only from
 * the current attempt; anything else (chunks buffered by a stream already told to stop) is
 * dropped, and the resumed stream regenerates from the kept partial, so nothing is lost and
 * nothing is repeated.
 *
 * Every event carries its own time (`at`), so the machine is a pure function of its events.
 *
 * @example
 * ```ts
 * const session = createActor(
 *   sessionMachine.provide({ actors: { streamReply: fromProviderStream(provider, clock) } }),
 *   { input: { sessionId: 'a', scheduler } },
 * ).start();
 * session.send({ type: 'SEND', messageId: 'a:1', text: 'Hello', at: clock.now() });
 * ```
 */
export const sessionMachine = session.createMachine({
  id: 'session',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    scheduler: input.scheduler,
    messages: [],
    pending: [],
    turn: null,
    attempt: 0,
    error: null,
    maxRetries: input.maxRetries ?? 3,
  }),
  initial: 'idle',
  on: {
    SEND: { actions: 'queueMessage' },
  },
  states: {
    idle: {
      exit: 'announceExit',
      on: {
        SEND: { target: 'queued', actions: ['startTurn', 'requestSlot'] },
        // An interrupted answer resumes from its saved partial; nothing persisted is re-run from scratch.
        RESTORE: [
          { guard: and(['isFresh', 'restoresPartial']), target: 'suspended', actions: 'restore' },
          { guard: and(['isFresh', 'restoresWork']), target: 'queued', actions: 'restore' },
          { guard: 'isFresh', actions: 'restore' },
        ],
      },
    },
    queued: {
      exit: 'announceExit',
      on: { GRANT: { guard: 'isCurrentTurn', target: 'streaming', actions: ['startAttempt', 'spawnStream'] }, CANCEL: cancel },
    },
    streaming: {
      ...onAir,
      on: {
        ...onAir.on,
        'STREAM.DELTA': { guard: 'isCurrentAttempt', actions: 'appendDelta' },
        'STREAM.TOOL_CALL': { guard: 'isCurrentAttempt', actions: 'appendToolCall' },
      },
    },
    suspended: {
      exit: 'announceExit',
      on: { GRANT: { guard: 'isCurrentTurn', target: 'resuming', actions: ['startAttempt', 'spawnStream'] }, CANCEL: cancel },
    },
    resuming: {
      ...onAir,
      on: {
        ...onAir.on,
        'STREAM.DELTA': { guard: 'isCurrentAttempt', target: 'streaming', actions: 'appendDelta' },
        'STREAM.TOOL_CALL': { guard: 'isCurrentAttempt', target: 'streaming', actions: 'appendToolCall' },
      },
    },
    failed: {
      exit: 'announceExit',
      on: { SEND: { target: 'queued', actions: ['startTurn', 'requestSlot'] } },
    },
  },
});

/** The transcript, queue and turn once the first pending message becomes the turn; null if none waits. */
function beginNextTurn(context: Pick<SessionContext, 'messages' | 'pending'>) {
  const [next, ...rest] = context.pending;
  if (!next) return null;
  return {
    pending: rest,
    messages: [...context.messages, { id: next.id, role: 'user' as const, content: next.text, at: next.acceptedAt }],
    turn: freshTurn(next),
  };
}

/** A turn for a message, before anything was streamed for it. */
function freshTurn(message: PendingMessage): Turn {
  return {
    id: message.id,
    text: message.text,
    acceptedAt: message.acceptedAt,
    partial: '',
    tokens: 0,
    startedAt: null,
    firstTokenAt: null,
    preemptions: 0,
    resumes: 0,
    faults: 0,
    lastFault: null,
    restarts: 0,
    toolCalls: [],
  };
}
