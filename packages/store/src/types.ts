import type { PendingMessage, SessionState, TranscriptMessage, Turn } from '@switchboard/core';

/** A session's own fields, as stored. Everything here is JSON-serialisable; nothing secret is stored. */
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
  /** In the order they were appended. */
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

/**
 * Durable storage for a switchboard's sessions. Every method is synchronous and each write
 * is one transaction: when a method returns, the write is in the database (and in the WAL
 * on disk; with `synchronous=NORMAL` a power cut may lose the last commits, never corrupt).
 */
export interface SessionStore {
  /** Creates the session or replaces its fields (its messages, pending list and turn are kept). */
  upsertSession(session: SessionRecord): void;
  /**
   * Appends a message to a session's transcript. Idempotent on `message.id`: a retried write
   * never duplicates (the first write is kept). Returns whether the message was new.
   * Throws `StoreError('not_found')` if the session does not exist.
   */
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
  /** Closes the database (idempotent). Later calls throw `StoreError('closed')`. */
  close(): void;
}
