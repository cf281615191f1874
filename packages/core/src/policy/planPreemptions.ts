import type { RunningView, WaitingView } from './types.js';

/** Worst first: lowest rank, then the most recently started, which has the least work to lose. */
const byVictimOrder = (a: RunningView, b: RunningView) => a.rank - b.rank || b.startedAt - a.startedAt;

/**
 * Pairs the best waiting requests with the worst running ones and returns the running
 * requests that must yield their slot.
 *
 * No more interrupts are sent than there are requests to seat, and only a strictly higher
 * rank preempts, so equal work never thrashes.
 *
 * @example
 * ```ts
 * planPreemptions(
 *   [{ id: 'bg', rank: 0, startedAt: 10 }],
 *   [{ id: 'fg', rank: 25_000 }],
 * ) // ['bg']
 * ```
 */
export function planPreemptions(running: readonly RunningView[], waiting: readonly WaitingView[]): string[] {
  const candidates = [...running].sort(byVictimOrder);
  const victims: string[] = [];
  for (let w = 0, c = 0; w < waiting.length && c < candidates.length; w++, c++) {
    // Both lists are sorted, so once the best remaining waiter loses, every later pair loses too.
    if (waiting[w]!.rank <= candidates[c]!.rank) break;
    victims.push(candidates[c]!.id);
  }
  return victims;
}
