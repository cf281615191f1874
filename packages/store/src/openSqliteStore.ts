import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'libsql';
import { claimOwnership } from './claimOwnership.js';
import { createSqliteStore } from './createSqliteStore.js';
import { prepareFile, readOnlyUri } from './databaseFile.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import type { SqliteSessionStore } from './SqliteSessionStore.js';
import { StoreError } from './StoreError.js';
import { messages, toStoreError } from './toStoreError.js';

type Db = Database.Database;

export interface OpenSqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing as `locked`. Default 250 ms. */
  readonly busyTimeoutMs?: number;
  /** Open without writing anything (SQLite `mode=ro`); every write throws `read_only`. Default false. */
  readonly readOnly?: boolean;
  /** Migrate only up to this schema version (for tests of migrations). Default `SCHEMA_VERSION`. */
  readonly migrateTo?: number;
}

/**
 * Opens (creating if needed) a Switchboard database at `file`. Checks before writing anything:
 * a file that is not ours or is damaged (`corrupt`), held by another process (`locked`), not
 * writable (`read_only`) or from a newer build (`newer_schema`) throws a `StoreError` and is
 * left byte-for-byte as it was.
 */
export function openSqliteStore(file: string, options: OpenSqliteStoreOptions = {}): SqliteSessionStore {
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

  return createSqliteStore(db, file, readOnly ? null : token);
}
