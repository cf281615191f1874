import type { SessionRecord } from '@switchboard/core';
import { UsageError } from '../cli/UsageError.js';

/** How many known ids an error lists before "…". */
const SHOWN = 20;

/**
 * Checks that every id names a stored session, before anything is done with any of them.
 *
 * @returns the ids, each once, in the order given
 * @throws UsageError naming the unknown ids and the known ones
 * @example
 * ```ts
 * pickSessions(store.listSessions(), ['research', 'email'], 'chats.db');
 * ```
 */
export function pickSessions(stored: readonly SessionRecord[], ids: readonly string[], db: string): string[] {
  const known = new Set(stored.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length === 0) return [...new Set(ids)];
  const names = unknown.map((id) => `"${id}"`).join(', ');
  const list = stored.length === 0
    ? 'it holds none'
    : `known: ${stored.slice(0, SHOWN).map((s) => s.id).join(', ')}${stored.length > SHOWN ? `, … (${stored.length} in all: "switchboard sessions list")` : ''}`;
  throw new UsageError(`no session ${names} in ${db} (${list})`);
}
