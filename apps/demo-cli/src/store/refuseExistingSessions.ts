import type { SessionStore } from '@switchboard/core';
import { UsageError } from '../cli/UsageError.js';

/**
 * Refuses to start when the database already holds a session the command is about to
 * create. A scenario's `new research` means a new conversation: silently appending to an
 * old one of the same id would mix two runs in one transcript, and its own earlier answers
 * would change what the model is asked. Checked before the board exists, so nothing is
 * written or resumed when the answer is no.
 *
 * @param what names the creator in the message, e.g. "the scenario"
 * @throws UsageError naming the sessions, with the ways out
 * @example
 * ```ts
 * refuseExistingSessions(store, 'runs.db', ['research', 'email'], 'the scenario');
 * ```
 */
export function refuseExistingSessions(store: SessionStore, file: string, ids: readonly string[], what: string): void {
  const stored = new Set(store.listSessions().map((s) => s.id));
  const clashes = [...new Set(ids)].filter((id) => stored.has(id));
  if (clashes.length === 0) return;
  const list = clashes.join(' ');
  throw new UsageError(
    `${file} already holds ${clashes.length === 1 ? 'session' : 'sessions'} ${clashes.map((id) => `"${id}"`).join(', ')}, ` +
      `which ${what} creates: pass a new --db path, or delete ${clashes.length === 1 ? 'it' : 'them'} first ` +
      `("switchboard sessions delete ${list} --db ${file} --yes")`,
  );
}

/**
 * Refuses a database that holds any session: for `demo`, whose script needs the slots to
 * itself (restored sessions would resume and compete for them) and whose sessions have
 * fixed ids.
 *
 * @throws UsageError saying how many sessions are there, and the way out
 * @example
 * ```ts
 * refuseNonEmptyDatabase(store, 'demo.db');
 * ```
 */
export function refuseNonEmptyDatabase(store: SessionStore, file: string): void {
  const held = store.listSessions().length;
  if (held === 0) return;
  throw new UsageError(
    `demo --db needs a new or empty database, and ${file} already holds ${held} ${held === 1 ? 'session' : 'sessions'} ` +
      `(the demo needs the slots to itself): pass another --db path`,
  );
}
