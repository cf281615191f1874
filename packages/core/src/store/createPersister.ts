import type { Clock } from '../clock/types.js';
import type { SessionContext } from '../machines/sessionMachine.js';
import type { PendingMessage, TranscriptMessage, Turn } from '../session/types.js';
import type { SessionState } from '../switchboard/types.js';
import { shiftMessage, shiftPending, shiftTurn } from './toStoredTimes.js';
import type { SessionChange, SessionRecord, SessionStore, StoreBatch } from './types.js';

export interface PersistOptions {
  /** Longest a streamed partial stays unwritten, in ms. Default 250. */
  readonly flushMs?: number;
  /** Most streamed pieces (about one token each) a partial gains before it is written. Default 64. */
  readonly flushTokens?: number;
}

/** What the store holds for one session, by reference: comparing references is all a chunk costs. */
interface Written {
  name: string;
  readonly createdAt: number;
  state: SessionState;
  messages: readonly TranscriptMessage[];
  /** How many of `messages` are stored (the transcript only grows). */
  stored: number;
  pending: readonly PendingMessage[];
  turn: Turn | null;
}

export interface Persister {
  /**
   * Starts following a session as it is now. A new session is written; a restored one
   * (`restoredFrom` its stored record) only has its state updated if it changed.
   */
  track(sessionId: string, name: string, state: SessionState, context: SessionContext, restoredFrom?: SessionRecord): void;
  /** After each of a session's snapshots. Writes at once unless only the partial grew. */
  update(sessionId: string, state: SessionState, context: SessionContext): void;
  rename(sessionId: string, name: string): void;
  remove(sessionId: string): void;
  /** The scheduler's queue changed order; written with the next timed flush. */
  queueChanged(): void;
  /** Writes every partial not yet written, and the queue order. */
  flush(): void;
  /** Added to the switchboard's clock to get the store's wall-clock times. */
  readonly shift: number;
  /** Flushes, then stops writing (the store keeps what it has, e.g. turns to resume). */
  detach(): void;
}

export interface PersisterDeps {
  readonly store: SessionStore;
  readonly clock: Clock;
  readonly options: PersistOptions;
  /** The queue as turn ids, first to run first. */
  readonly queueOrder: () => readonly string[];
  /** Called with a failed write; the in-memory switchboard goes on. */
  readonly onError: (error: unknown) => void;
}

/**
 * Writes a switchboard's sessions to a store as they change: a message, a pending list, a
 * new turn or a state change is written in the event that made it (so `send()` returns only
 * after the message is stored), each event's changes in one transaction; a streaming
 * partial is written in batches, bounding what a crash can lose to `flushMs` or `flushTokens`
 * of answer, which the resume regenerates.
 *
 * @example
 * ```ts
 * const persister = createPersister({ store, clock, options: { flushMs: 250 }, queueOrder: () => [], onError: console.error });
 * persister.track('a', 'a', 'idle', actor.getSnapshot().context);
 * actor.subscribe((s) => persister.update('a', s.value, s.context));
 * ```
 */
export function createPersister(deps: PersisterDeps): Persister {
  const { store, clock } = deps;
  const flushMs = deps.options.flushMs ?? 250;
  const flushTokens = deps.options.flushTokens ?? 64;
  // Fixed for the board's life, so stored times from one run line up.
  const shift = Date.now() - clock.now();
  const written = new Map<string, Written>();
  /** The newest turn of each session whose partial grew since it was written (nothing else differs). */
  const latest = new Map<string, Turn>();
  let queueDirty = false;
  let timer: unknown = null;
  let attached = true;

  const commit = (batch: StoreBatch) => {
    try {
      store.commit(batch);
    } catch (error) {
      deps.onError(error);
    }
  };

  const record = (id: string, w: Written) => ({ id, name: w.name, createdAt: w.createdAt, updatedAt: Date.now(), state: w.state });

  /** The change that brings the store up to `context`, or null if it holds it already. */
  const diff = (id: string, w: Written, state: SessionState, context: SessionContext): SessionChange | null => {
    const change: { -readonly [K in keyof SessionChange]: SessionChange[K] } = { sessionId: id };
    let changed = false;
    if (state !== w.state) {
      w.state = state;
      change.record = record(id, w);
      changed = true;
    }
    if (context.messages !== w.messages) {
      if (context.messages.length > w.stored) {
        change.messages = context.messages.slice(w.stored).map((m) => shiftMessage(m, shift));
        w.stored = context.messages.length;
      }
      w.messages = context.messages;
      changed = true;
    }
    if (context.pending !== w.pending) {
      change.pending = context.pending.map((p) => shiftPending(p, shift));
      w.pending = context.pending;
      changed = true;
    }
    if (context.turn !== w.turn) {
      change.turn = context.turn && shiftTurn(context.turn, shift);
      w.turn = context.turn;
      changed = true;
    }
    return changed ? change : null;
  };

  const flushDirty = () => {
    timer = null;
    if (!attached) return;
    const changes: SessionChange[] = [];
    for (const [id, live] of latest) {
      const w = written.get(id);
      if (!w || live === w.turn) continue;
      changes.push({ sessionId: id, turn: shiftTurn(live, shift) });
      w.turn = live;
    }
    latest.clear();
    const queueOrder = queueDirty ? deps.queueOrder() : undefined;
    queueDirty = false;
    if (changes.length || queueOrder) commit(queueOrder ? { sessions: changes, queueOrder } : { sessions: changes });
  };

  function flush() {
    if (timer !== null) clock.clearTimeout(timer);
    queueDirty = true;
    flushDirty();
  }

  const arm = () => {
    if (timer === null) timer = clock.setTimeout(flushDirty, flushMs);
  };

  return {
    shift,
    track(sessionId, name, state, context, restoredFrom) {
      const w: Written = {
        name,
        createdAt: restoredFrom?.createdAt ?? Date.now(),
        state,
        messages: context.messages,
        stored: context.messages.length,
        pending: context.pending,
        turn: context.turn,
      };
      written.set(sessionId, w);
      if (attached && restoredFrom?.state !== state) commit({ sessions: [{ sessionId, record: record(sessionId, w) }] });
    },

    update(sessionId, state, context) {
      const w = written.get(sessionId);
      if (!w || !attached) return;
      const { turn } = context;
      // The hot path: only the partial grew. Written when enough of it piled up, or by the timer.
      if (state === w.state && turn !== null && w.turn !== null && turn.id === w.turn.id && context.messages === w.messages && context.pending === w.pending) {
        if (turn === w.turn) return;
        if (turn.tokens - w.turn.tokens < flushTokens) {
          latest.set(sessionId, turn);
          return arm();
        }
      }
      // The queue order is the scheduler's: `queueChanged` hears of every change to it.
      const change = diff(sessionId, w, state, context);
      latest.delete(sessionId);
      if (change) commit({ sessions: [change] });
    },

    rename(sessionId, name) {
      const w = written.get(sessionId);
      if (!w || !attached) return;
      w.name = name;
      commit({ sessions: [{ sessionId, record: record(sessionId, w) }] });
    },

    remove(sessionId) {
      if (!written.delete(sessionId) || !attached) return;
      latest.delete(sessionId);
      commit({ deleted: [sessionId] });
    },

    queueChanged() {
      if (!attached) return;
      queueDirty = true;
      arm();
    },

    flush,

    detach() {
      if (!attached) return;
      flush();
      attached = false;
    },
  };
}
