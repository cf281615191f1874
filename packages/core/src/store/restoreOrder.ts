import type { LoadedSession, LoadedStore } from './types.js';

/** The id of the request a restored session makes first: its turn's, or its first waiting message's. */
const firstWork = (s: LoadedSession): { id: string; at: number } | null => {
  if (s.turn) return { id: s.turn.id, at: s.turn.acceptedAt };
  const next = s.pending[0];
  return next ? { id: next.id, at: next.acceptedAt } : null;
};

/**
 * The order in which saved sessions ask for slots again: as they stood in the saved queue,
 * then (for work the saved queue order missed, which is written in batches) oldest first.
 * Sessions without work come last; their order does not matter to the scheduler.
 *
 * @example
 * ```ts
 * for (const saved of restoreOrder(store.loadAll())) restore(saved);
 * ```
 */
export function restoreOrder(loaded: LoadedStore): LoadedSession[] {
  const position = new Map(loaded.queueOrder.map((id, i) => [id, i] as const));
  const withWork: Array<{ session: LoadedSession; rank: number; at: number }> = [];
  const without: LoadedSession[] = [];
  for (const session of loaded.sessions) {
    const work = firstWork(session);
    if (work === null) without.push(session);
    else withWork.push({ session, rank: position.get(work.id) ?? Infinity, at: work.at });
  }
  withWork.sort((a, b) => a.rank - b.rank || a.at - b.at);
  return [...withWork.map((w) => w.session), ...without];
}
