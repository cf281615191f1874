import type { SessionStore } from '@switchboard/core';

/**
 * The SQLite store: a {@link SessionStore} plus a few settings kept with the sessions, so that
 * whoever opens the file next finds them (a run's settings, for a resume).
 *
 * @example
 * ```ts
 * store.writeSetting('run', { tokens: '24' });
 * store.readSetting('run'); // { tokens: '24' }
 * ```
 */
export interface SqliteSessionStore extends SessionStore {
  /** The JSON value stored under `key`, or undefined. */
  readSetting(key: string): unknown;
  /** Stores a JSON-serialisable value under `key` (never a secret: the file is not encrypted). */
  writeSetting(key: string, value: unknown): void;
}
