import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import type { PendingMessage, SessionState, TranscriptMessage, Turn } from '@switchboard/core';
import { StoreError } from './StoreError.js';
import type { LoadedSession, LoadedStore, SessionRecord, SessionStore } from './types.js';

type Db = Database.Database;
type Stmt = Database.Statement<unknown[]>;

/** Written to the header (`PRAGMA application_id`) so we can tell our files from other SQLite files: "SwBd". */
export const APPLICATION_ID = 0x53774264;

export interface Migration {
  /** The schema version this migration produces (1, 2, …, in order). */
  readonly version: number;
  readonly sql: string;
}

/** Schema migrations, in order. Never edit a released one; append a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        state TEXT NOT NULL,
        pending TEXT NOT NULL DEFAULT '[]',
        turn TEXT
      ) STRICT;
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (session_id, id)
      ) STRICT;
      CREATE TABLE queue_order (
        position INTEGER PRIMARY KEY,
        turn_id TEXT NOT NULL
      ) STRICT;
      -- The advisory lock: the process that has the store open (one row at most).
      CREATE TABLE owner (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        token TEXT NOT NULL,
        since REAL NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    // Loading a transcript reads a session's messages in append order: index that.
    sql: `
      CREATE INDEX messages_by_session ON messages (session_id, seq);
      CREATE INDEX sessions_by_created ON sessions (created_at, id);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export interface OpenSqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing as `locked`. Default 250 ms. */
  readonly busyTimeoutMs?: number;
  /** Open without writing anything (SQLite `mode=ro`); every write throws `read_only`. Default false. */
  readonly readOnly?: boolean;
  /** Migrate only up to this schema version (for tests of migrations). Default `SCHEMA_VERSION`. */
  readonly migrateTo?: number;
}

const messages = {
  corrupt: (p: string) =>
    `${p} is not a Switchboard database or is damaged; move it aside or pass another --db path`,
  locked: (p: string) => `${p} is in use by another switchboard process; close it or use another --db`,
  readOnly: (p: string) =>
    `${p} cannot be written (read-only file, directory or file system); fix its permissions or pass another --db path`,
  newer: (p: string, found: number, known: number) =>
    `${p} was written by a newer Switchboard (schema ${found}, this build knows ${known}); upgrade Switchboard`,
};

function sqliteCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Maps a libsql or file-system error to a StoreError; returns StoreErrors unchanged. */
function toStoreError(err: unknown, file: string, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'))
    return new StoreError('corrupt', messages.corrupt(file), { cause: err });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StoreError('locked', messages.locked(file), { cause: err });
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new StoreError('read_only', messages.readOnly(file), { cause: err });
  if (code === 'ENOENT')
    return new StoreError('io', `${file}: its directory does not exist; create it or pass another --db path`, {
      cause: err,
    });
  return new StoreError('io', `${what} failed on ${file}: ${detail}`, { cause: err });
}

/** A SQLite URI opening `file` read-only. */
function readOnlyUri(file: string): string {
  const abs = path.resolve(file).replace(/%/g, '%25').replace(/\?/g, '%3f').replace(/#/g, '%23');
  return `file:${abs}?mode=ro`;
}

/** Checks we may write the file and its directory (SQLite creates the -wal file beside it); creates the file 0600. */
function prepareFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw toStoreError(err, file, 'checking the directory');
  }
  if (fs.existsSync(file)) {
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch (err) {
      throw toStoreError(err, file, 'checking the file');
    }
    return;
  }
  try {
    // 'a' never truncates: if another process created it meanwhile, its bytes are kept.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600); // the umask may have narrowed it; never widen beyond 0600
  } catch (err) {
    throw toStoreError(err, file, 'creating the file');
  }
}

function parseJson<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StoreError('corrupt', messages.corrupt(file), { cause: err });
  }
}

interface SessionRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  state: string;
  pending: string;
  turn: string | null;
}

/**
 * Opens (creating if needed) a Switchboard database at `file`. Checks before writing anything:
 * a file that is not ours or is damaged (`corrupt`), held by another process (`locked`), not
 * writable (`read_only`) or from a newer build (`newer_schema`) throws a `StoreError` and is
 * left byte-for-byte as it was.
 */
export function openSqliteStore(file: string, options: OpenSqliteStoreOptions = {}): SessionStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? 250;
  const readOnly = options.readOnly ?? false;
  const target = options.migrateTo ?? SCHEMA_VERSION;
  if (!Number.isInteger(target) || target < 1 || target > SCHEMA_VERSION)
    throw new RangeError(`migrateTo must be an integer from 1 to ${SCHEMA_VERSION}`);

  if (readOnly) {
    if (!fs.existsSync(file))
      throw new StoreError('io', `${file} does not exist; a read-only store cannot create it`);
  } else {
    prepareFile(file);
  }

  const token = crypto.randomUUID();
  let db: Db;
  try {
    db = new Database(readOnly ? readOnlyUri(file) : file, { timeout: busyTimeoutMs });
  } catch (err) {
    throw toStoreError(err, file, 'opening');
  }

  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // Read-only checks first: nothing below writes until the file is known to be ours.
    const header = db.prepare('SELECT * FROM pragma_user_version, pragma_application_id').raw().get() as [
      number,
      number,
    ];
    const [version, appId] = header;
    if (version === 0) {
      const objects = db.prepare('SELECT count(*) FROM sqlite_schema').raw().get() as [number];
      if (objects[0] > 0 || appId !== 0) throw new StoreError('corrupt', messages.corrupt(file));
    } else if (appId !== APPLICATION_ID) {
      throw new StoreError('corrupt', messages.corrupt(file));
    }
    if (version > SCHEMA_VERSION)
      throw new StoreError('newer_schema', messages.newer(file, version, SCHEMA_VERSION));

    if (readOnly) {
      if (version < target)
        throw new StoreError(
          'read_only',
          `${file} needs upgrading (schema ${version} to ${target}) but was opened read-only; open it writable once`,
        );
      db.exec('PRAGMA query_only = ON');
    } else {
      const mode = db.prepare('PRAGMA journal_mode = WAL').raw().get() as [string];
      if (String(mode[0]).toLowerCase() !== 'wal')
        throw new StoreError('io', `${file}: could not switch to WAL journal mode (got ${String(mode[0])})`);
      db.exec('PRAGMA synchronous = NORMAL');
      // Migrate and claim the owner row in one write transaction. Taking the write lock also
      // detects another process in the middle of a write: it fails here as `locked`.
      db.exec('BEGIN IMMEDIATE');
      try {
        const current = (db.prepare('PRAGMA user_version').raw().get() as [number])[0];
        if (current > SCHEMA_VERSION)
          throw new StoreError('newer_schema', messages.newer(file, current, SCHEMA_VERSION));
        for (const m of MIGRATIONS) {
          if (m.version > current && m.version <= target) db.exec(m.sql);
        }
        const next = Math.max(current, target);
        db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
        db.exec(`PRAGMA user_version = ${next}`);
        claimOwnership(db, file, token);
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    }
    db.exec('PRAGMA foreign_keys = ON');
  } catch (err) {
    try {
      db.close();
    } catch {
      // already failing; the first error is the one to report
    }
    throw toStoreError(err, file, 'opening');
  }

  return createStore(db, file, readOnly ? null : token);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * The advisory lock (inside the opening write transaction). SQLite's own locks only show a
 * process while it writes, and libsql's `locking_mode=EXCLUSIVE` cannot be released by
 * close() while prepared statements exist (the connection outlives close), so the owner is
 * recorded in the file: a live owner process on this host means `locked`; a dead one (a
 * crash) is taken over. Caveat: if the dead owner's pid has been reused by an unrelated
 * process the file reads as locked until that process ends.
 */
function claimOwnership(db: Db, file: string, token: string): void {
  const row = db.prepare('SELECT pid, host FROM owner WHERE singleton = 1').raw().get() as
    | [number, string]
    | undefined;
  if (row !== undefined) {
    const [pid, host] = row;
    if (host !== os.hostname())
      throw new StoreError(
        'locked',
        `${messages.locked(file)} (it is held by pid ${pid} on host ${host}; if that process is gone, ` +
          `delete the row in its owner table)`,
      );
    if (isAlive(pid)) throw new StoreError('locked', `${messages.locked(file)} (pid ${pid})`);
  }
  db.prepare('INSERT OR REPLACE INTO owner (singleton, pid, host, token, since) VALUES (1, ?, ?, ?, ?)').run(
    process.pid,
    os.hostname(),
    token,
    Date.now(),
  );
}

function createStore(db: Db, file: string, token: string | null): SessionStore {
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

  function insertMessages(sessionId: string, list: readonly TranscriptMessage[]): number {
    requireSession(sessionId);
    let added = 0;
    for (const m of list) added += s.appendMessage.run(sessionId, m.id, JSON.stringify(m)).changes;
    return added;
  }

  return {
    commit(batch) {
      write('saving changes', () => {
        for (const change of batch.sessions ?? []) {
          const { sessionId, record } = change;
          if (record !== undefined) {
            s.upsertSession.run(record.id, record.name, record.createdAt, record.updatedAt, record.state);
          } else {
            requireSession(sessionId);
          }
          if (change.messages !== undefined && change.messages.length > 0) insertMessages(sessionId, change.messages);
          if (change.pending !== undefined) s.savePending.run(JSON.stringify(change.pending), sessionId);
          if (change.turn !== undefined) s.saveTurn.run(change.turn === null ? null : JSON.stringify(change.turn), sessionId);
        }
        for (const id of batch.deleted ?? []) s.deleteSession.run(id);
        if (batch.queueOrder !== undefined) {
          s.clearQueue.run();
          batch.queueOrder.forEach((id, i) => s.pushQueue.run(i, id));
        }
      });
    },
    upsertSession(session) {
      write('saving a session', () => {
        s.upsertSession.run(session.id, session.name, session.createdAt, session.updatedAt, session.state);
      });
    },
    appendMessage(sessionId, message) {
      return write('appending a message', () => insertMessages(sessionId, [message]) === 1);
    },
    appendMessages(sessionId, list) {
      return write('appending messages', () => insertMessages(sessionId, list));
    },
    savePending(sessionId, pending) {
      write('saving pending messages', () => {
        if (s.savePending.run(JSON.stringify(pending), sessionId).changes === 0) requireSession(sessionId);
      });
    },
    saveTurn(sessionId, turn) {
      write('saving the turn', () => {
        if (s.saveTurn.run(turn === null ? null : JSON.stringify(turn), sessionId).changes === 0)
          requireSession(sessionId);
      });
    },
    saveQueueOrder(turnIds) {
      write('saving the queue order', () => {
        s.clearQueue.run();
        turnIds.forEach((id, i) => s.pushQueue.run(i, id));
      });
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
