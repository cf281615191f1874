import { StoreError } from './StoreError.js';

/** The messages of the errors a user can fix: each says what to do. */
export const messages = {
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
export function toStoreError(err: unknown, file: string, what: string): StoreError {
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
