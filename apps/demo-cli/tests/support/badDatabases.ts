import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { openSqliteStore, SCHEMA_VERSION } from '@switchboard/store';

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
 * know. Written straight into the header (user_version is the big-endian word at offset 60),
 * which is where SQLite reads it from; the store checkpoints its WAL on close, so the main
 * file is complete.
 */
export function writeNewerDatabase(file: string): void {
  writeSmallDatabase(file);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(SCHEMA_VERSION + 1);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, header, 0, 4, 60);
  } finally {
    closeSync(fd);
  }
}
