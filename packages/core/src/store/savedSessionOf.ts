import type { SavedSession } from '../switchboard/types.js';
import { shiftMessage, shiftPending } from './toStoredTimes.js';
import type { LoadedSession } from './types.js';

/**
 * What the switchboard restores from a stored session, with times moved onto its own clock
 * (`shift` = the persister's shift; subtracted here).
 *
 * @example
 * ```ts
 * board.restoreSession(savedSessionOf(store.loadSession('a')!, Date.now() - clock.now()));
 * ```
 */
export function savedSessionOf(loaded: LoadedSession, shift: number): SavedSession {
  const { session, turn } = loaded;
  return {
    id: session.id,
    name: session.name,
    messages: loaded.messages.map((m) => shiftMessage(m, -shift)),
    pending: loaded.pending.map((p) => shiftPending(p, -shift)),
    turn: turn && { id: turn.id, text: turn.text, acceptedAt: turn.acceptedAt - shift, partial: turn.partial, tokens: turn.tokens },
  };
}
