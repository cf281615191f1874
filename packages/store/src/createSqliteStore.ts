import type Database from 'libsql';
import type { LoadedSession, LoadedStore, PendingMessage, SessionRecord, SessionState, TranscriptMessage, Turn } from '@switchboard/core';
import type { SqliteSessionStore } from './SqliteSessionStore.js';
import { parseJson } from './databaseFile.js';
import { StoreError } from './StoreError.js';
import { toStoreError } from './toStoreError.js';

type Db = Database.Database;
type Stmt = Database.Statement<unknown[]>;

interface SessionRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  state: string;
  pending: string;
  turn: string | null;
}

/** The SessionStore over an open, migrated connection (`token` is the owner row to delete on close; null when read-only). */
export function createSqliteStore(db: Db, file: string, token: string | null): SqliteSessionStore {
  let open = true;
  const prepare = (sql: string): Stmt => db.prepare(sql);
  const s = {
    upsertSession: prepare(`
      INSERT INTO sessions (id, name, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, created_at = excluded.created_at,
        updated_at = excluded.updated_at, state = excluded.state`),
    sessionExists: prepare('SELECT 1 FROM sessions WHERE id = ?').raw(),
    appendMessage: prepare(
      'INSERT INTO messages (session_id, id, data) VALUES (?, ?, ?) ON CONFLICT (session_id, id) DO NOTHING',
    ),
    savePending: prepare('UPDATE sessions SET pending = ? WHERE id = ?'),
    saveTurn: prepare('UPDATE sessions SET turn = ? WHERE id = ?'),
    clearQueue: prepare('DELETE FROM queue_order'),
    pushQueue: prepare('INSERT INTO queue_order (position, turn_id) VALUES (?, ?)'),
    deleteSession: prepare('DELETE FROM sessions WHERE id = ?'),
    listSessions: prepare(
      'SELECT id, name, created_at, updated_at, state, pending, turn FROM sessions ORDER BY created_at, id',
    ),
    getSession: prepare('SELECT id, name, created_at, updated_at, state, pending, turn FROM sessions WHERE id = ?'),
    sessionMessages: prepare('SELECT data FROM messages WHERE session_id = ? ORDER BY seq').raw(),
    allMessages: prepare('SELECT session_id, data FROM messages ORDER BY session_id, seq').raw(),
    queue: prepare('SELECT turn_id FROM queue_order ORDER BY position').raw(),
  };

  function guard<T>(what: string, fn: () => T): T {
    if (!open) throw new StoreError('closed', `the store for ${file} is closed; open it again`);
    try {
      return fn();
    } catch (err) {
      throw toStoreError(err, file, what);
    }
  }

  /** Runs fn in a write transaction; rolls back if it throws. */
  function write<T>(what: string, fn: () => T): T {
    return guard(what, () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  function requireSession(id: string): void {
    if (s.sessionExists.get(id) === undefined)
      throw new StoreError('not_found', `no session ${JSON.stringify(id)} in ${file}; create it with upsertSession first`);
  }

  function toRecord(row: SessionRow): SessionRecord {
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      state: row.state as SessionState,
    };
  }

  function toLoaded(row: SessionRow, msgs: TranscriptMessage[]): LoadedSession {
    return {
      session: toRecord(row),
      messages: msgs,
      pending: parseJson<PendingMessage[]>(row.pending, file),
      turn: row.turn === null ? null : parseJson<Turn>(row.turn, file),
    };
  }

  // One statement each, shared by commit() and the single-purpose writes; the caller holds the transaction.
  const upsert = (r: SessionRecord) => void s.upsertSession.run(r.id, r.name, r.createdAt, r.updatedAt, r.state);
  /** Appends to a session known to exist; returns how many messages were new. */
  const append = (sessionId: string, list: readonly TranscriptMessage[]) => {
    let added = 0;
    for (const m of list) added += s.appendMessage.run(sessionId, m.id, JSON.stringify(m)).changes;
    return added;
  };
  /** These return the rows changed: 0 means no such session. */
  const setPending = (sessionId: string, pending: readonly PendingMessage[]) => s.savePending.run(JSON.stringify(pending), sessionId).changes;
  const setTurn = (sessionId: string, turn: Turn | null) => s.saveTurn.run(turn === null ? null : JSON.stringify(turn), sessionId).changes;
  const setQueue = (turnIds: readonly string[]) => {
    s.clearQueue.run();
    turnIds.forEach((id, i) => s.pushQueue.run(i, id));
  };

  function insertMessages(sessionId: string, list: readonly TranscriptMessage[]): number {
    requireSession(sessionId);
    return append(sessionId, list);
  }

  return {
    commit(batch) {
      write('saving changes', () => {
        for (const change of batch.sessions ?? []) {
          const { sessionId, record } = change;
          if (record !== undefined) upsert(record);
          else requireSession(sessionId);
          if (change.messages !== undefined) append(sessionId, change.messages);
          if (change.pending !== undefined) setPending(sessionId, change.pending);
          if (change.turn !== undefined) setTurn(sessionId, change.turn);
        }
        for (const id of batch.deleted ?? []) s.deleteSession.run(id);
        if (batch.queueOrder !== undefined) setQueue(batch.queueOrder);
      });
    },
    upsertSession(session) {
      write('saving a session', () => upsert(session));
    },
    appendMessage(sessionId, message) {
      return write('appending a message', () => insertMessages(sessionId, [message]) === 1);
    },
    appendMessages(sessionId, list) {
      return write('appending messages', () => insertMessages(sessionId, list));
    },
    savePending(sessionId, pending) {
      write('saving pending messages', () => {
        if (setPending(sessionId, pending) === 0) requireSession(sessionId);
      });
    },
    saveTurn(sessionId, turn) {
      write('saving the turn', () => {
        if (setTurn(sessionId, turn) === 0) requireSession(sessionId);
      });
    },
    saveQueueOrder(turnIds) {
      write('saving the queue order', () => setQueue(turnIds));
    },
    deleteSession(id) {
      return write('deleting a session', () => s.deleteSession.run(id).changes > 0);
    },
    listSessions() {
      return guard('listing sessions', () => (s.listSessions.all() as SessionRow[]).map(toRecord));
    },
    loadSession(id) {
      return guard('loading a session', () => {
        db.exec('BEGIN'); // one consistent snapshot
        try {
          const row = s.getSession.get(id) as SessionRow | undefined;
          const result =
            row === undefined
              ? null
              : toLoaded(
                  row,
                  (s.sessionMessages.all(id) as [string][]).map((r) => parseJson<TranscriptMessage>(r[0], file)),
                );
          return result;
        } finally {
          db.exec('COMMIT');
        }
      });
    },
    loadAll(): LoadedStore {
      return guard('loading the store', () => {
        db.exec('BEGIN');
        try {
          const bySession = new Map<string, TranscriptMessage[]>();
          for (const [sessionId, data] of s.allMessages.all() as [string, string][]) {
            let list = bySession.get(sessionId);
            if (list === undefined) bySession.set(sessionId, (list = []));
            list.push(parseJson<TranscriptMessage>(data, file));
          }
          const sessions = (s.listSessions.all() as SessionRow[]).map((row) =>
            toLoaded(row, bySession.get(row.id) ?? []),
          );
          const queueOrder = (s.queue.all() as [string][]).map((r) => r[0]);
          return { sessions, queueOrder };
        } finally {
          db.exec('COMMIT');
        }
      });
    },
    readSetting(key) {
      return guard('reading a setting', () => {
        // Prepared on use: a file kept at an older schema (migrateTo) has no settings table.
        const row = prepare('SELECT value FROM settings WHERE key = ?').raw().get(key) as [string] | undefined;
        return row === undefined ? undefined : parseJson<unknown>(row[0], file);
      });
    },
    writeSetting(key, value) {
      write('saving a setting', () =>
        void prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value)),
      );
    },
    close() {
      if (!open) return;
      open = false;
      try {
        if (token !== null) db.prepare('DELETE FROM owner WHERE token = ?').run(token);
      } finally {
        db.close();
      }
    },
  };
}
