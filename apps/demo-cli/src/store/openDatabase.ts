import { statSync } from 'node:fs';
import type { SqliteSessionStore } from '@switchboard/store';
import { UsageError } from '../cli/UsageError.js';

export interface OpenDatabaseOptions {
  /** Refuse a path where there is no file yet (`resume`, `sessions`), instead of creating one. */
  readonly mustExist?: boolean;
  /** Open without writing anything at all: a running chat's database is neither locked nor changed. */
  readonly readOnly?: boolean;
}

/**
 * Opens the database a `--db` flag names. The path's obvious mistakes are reported here;
 * the store itself reports a damaged, locked, read-only or newer-schema file as a
 * `StoreError` whose message says what to do, and leaves the file as it was.
 *
 * @throws UsageError for an empty path, a directory, or a missing file when `mustExist`
 * @throws StoreError from `@switchboard/store` when the file cannot be used
 * @example
 * ```ts
 * const store = await openDatabase('chats.db', { mustExist: true, readOnly: true });
 * try { console.log(store.listSessions()); } finally { store.close(); }
 * ```
 */
export async function openDatabase(file: string, options: OpenDatabaseOptions = {}): Promise<SqliteSessionStore> {
  if (file.trim() === '') throw new UsageError('--db needs the path of a database file');
  let isFile: boolean | null = null;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot use --db ${file}: ${(error as Error).message}`);
  }
  if (isFile === false) throw new UsageError(`${file} is not a file (a directory?); --db takes the path of a database file`);
  if (isFile === null && options.mustExist) {
    throw new UsageError(`no database at ${file} (check the path; "switchboard run --db" and "switchboard chat --db" create one)`);
  }
  // Loaded only now: commands and help that need no database never load the native module.
  const { openSqliteStore } = await import('@switchboard/store');
  return openSqliteStore(file, { readOnly: options.readOnly ?? false });
}
