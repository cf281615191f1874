import type { LoadedSession, SessionState } from '@switchboard/core';

/** A row of `switchboard sessions list`; with `--json`, the list is an array of these. */
export interface SessionSummary {
  readonly id: string;
  readonly name: string;
  readonly state: SessionState;
  /** Messages in the transcript (an unfinished answer's question counts; its partial does not). */
  readonly messages: number;
  /** Characters of the unfinished answer, or null when there is none. */
  readonly unfinishedChars: number | null;
  /** Messages waiting behind the unfinished answer. */
  readonly pending: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * What the list shows of a stored session.
 *
 * @example
 * ```ts
 * store.loadAll().sessions.map(summarise);
 * ```
 */
export function summarise(loaded: LoadedSession): SessionSummary {
  const { session } = loaded;
  return {
    id: session.id,
    name: session.name,
    state: session.state,
    messages: loaded.messages.length,
    unfinishedChars: loaded.turn === null ? null : loaded.turn.partial.length,
    pending: loaded.pending.length,
    createdAt: new Date(session.createdAt).toISOString(),
    updatedAt: new Date(session.updatedAt).toISOString(),
  };
}

/** Whether a session has work a resume would do. */
export const hasUnfinishedWork = (s: SessionSummary) => s.unfinishedChars !== null || s.pending > 0;
