import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openSqliteStore, SCHEMA_VERSION } from '@switchboard/store';

// libsql is the store's dependency, not ours: load the store's copy.
const Database = createRequire(new URL('../../../../packages/store/package.json', import.meta.url))('libsql') as new (file: string) => {
  exec(sql: string): unknown;
  close(): void;
};

/** A valid database holding one idle session, "kept", with one exchange. */
export function writeSmallDatabase(file: string): void {
  const store = openSqliteStore(file);
  try {
    store.upsertSession({ id: 'kept', name: 'kept', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, state: 'idle' });
    store.appendMessages('kept', [
      { id: 'm1', role: 'user', content: 'hello', at: 1_700_000_000_000 },
      { id: 'm1:answer', role: 'assistant', content: 'hi there', status: 'completed', at: 1_700_000_001_000 },
    ]);
  } finally {
    store.close();
  }
}

/** Bytes that are no SQLite file at all. */
export function writeCorruptDatabase(file: string): void {
  writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
}

/**
 * A database as a newer Switchboard would leave it: a schema version this build does not
 * know. Set through SQLite itself (the store keeps a WAL beside the file, so the header in
 * the main file alone is not the whole truth), with the store's own libsql.
 */
export function writeNewerDatabase(file: string): void {
  writeSmallDatabase(file);
  const db = new Database(file);
  try {
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  } finally {
    db.close();
  }
}
