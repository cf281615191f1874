import os from 'node:os';
import type Database from 'libsql';
import { StoreError } from './StoreError.js';
import { messages } from './toStoreError.js';

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
export function claimOwnership(db: Database.Database, file: string, token: string): void {
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
