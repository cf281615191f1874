import type { PendingMessage, TranscriptMessage, Turn } from '../session/types.js';
import type { SessionState } from '../switchboard/types.js';

/**
 * A session's own fields, as stored. Times here and in everything a store holds are wall-clock
 * milliseconds since the epoch (the switchboard converts from and to its own clock), so they
 * mean the same thing to the next process. Nothing secret is stored.
 */
export interface SessionRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly state: SessionState;
}

/** Everything stored for one session. */
export interface LoadedSession {
  readonly session: SessionRecord;
  /** In the order they were appended. When a turn was in progress, its user message is the last. */
  readonly messages: readonly TranscriptMessage[];
  readonly pending: readonly PendingMessage[];
  /** The turn in progress with its partial, or null. */
  readonly turn: Turn | null;
}

/** Everything stored. */
export interface LoadedStore {
  /** Ordered by creation time, then id. */
  readonly sessions: readonly LoadedSession[];
  /** The scheduler's queue, as turn ids, first to run first. */
  readonly queueOrder: readonly string[];
}

/** What changed in one session since the last write. Absent fields are unchanged. */
export interface SessionChange {
  readonly sessionId: string;
  /** Creates the session or replaces its fields. */
  readonly record?: SessionRecord;
  /** Appended to the transcript, each idempotent on its id. */
  readonly messages?: readonly TranscriptMessage[];
  readonly pending?: readonly PendingMessage[];
  /** The turn in progress with its partial, or null when there is none. */
  readonly turn?: Turn | null;
}

/** Changes written together, in one transaction: after a crash the store holds all of them or none. */
export interface StoreBatch {
  readonly sessions?: readonly SessionChange[];
  /** Sessions to delete with everything stored for them. */
  readonly deleted?: readonly string[];
  /** Replaces the queue order (turn ids, first to run first). */
  readonly queueOrder?: readonly string[];
}

/**
 * Durable storage for a switchboard's sessions. Every method is synchronous and each call is
 * one transaction: when it returns, the write is in the store, so a message the switchboard
 * accepted is stored before `send()` returns. `@switchboard/store` implements it on SQLite.
 *
 * @example
 * ```ts
 * const store = openSqliteStore('chats.db');
 * const board = createSwitchboard({ provider, store }); // restores every saved session
 * board.send(board.createSession(), 'Hello');           // stored before send() returns
 * ```
 */
export interface SessionStore {
  /** Writes a batch in one transaction. Throws (writing nothing) if a changed session does not exist and has no record. */
  commit(batch: StoreBatch): void;
  /** Creates the session or replaces its fields (its messages, pending list and turn are kept). */
  upsertSession(session: SessionRecord): void;
  /** Appends a message; idempotent on `message.id` (the first write is kept). Returns whether it was new. */
  appendMessage(sessionId: string, message: TranscriptMessage): boolean;
  /** Appends several messages in one transaction, each idempotent as `appendMessage`. Returns how many were new. */
  appendMessages(sessionId: string, messages: readonly TranscriptMessage[]): number;
  /** Replaces the session's pending messages. */
  savePending(sessionId: string, pending: readonly PendingMessage[]): void;
  /** Replaces the session's turn in progress (with its partial), or clears it with null. */
  saveTurn(sessionId: string, turn: Turn | null): void;
  /** Replaces the scheduler's queue order (turn ids, first to run first). */
  saveQueueOrder(turnIds: readonly string[]): void;
  /** Deletes the session and everything stored for it. Returns whether it existed. */
  deleteSession(id: string): boolean;
  listSessions(): SessionRecord[];
  loadSession(id: string): LoadedSession | null;
  loadAll(): LoadedStore;
  /** Closes the store (idempotent). */
  close(): void;
}
