import type { RunningView, WaitingView } from './types.js';

/** Worst first: lowest rank, then the most recently started, which has the least work to lose. */
const byVictimOrder = (a: RunningView, b: RunningView) => a.rank - b.rank || b.startedAt - a.startedAt;

/**
 * Pairs the best waiting requests with the worst running ones and returns the running
 * requests that must yield their slot.
 *
 * Interrupts already in flight cover the best waiting requests first (their slots are as
 * good as free), so a request is never interrupted twice and no more interrupts are sent
 * than there are requests to seat. Only a strictly higher rank preempts, so equal work
 * never thrashes.
 *
 * @example
 * ```ts
 * planPreemptions(
 *   [{ id: 'bg', rank: 0, startedAt: 10, preempting: false }],
 *   [{ id: 'fg', rank: 25_000 }],
 * ) // ['bg']
 * ```
 */
export function planPreemptions(running: readonly RunningView[], waiting: readonly WaitingView[]): string[] {
  let inFlight = 0;
  const candidates: RunningView[] = [];
  for (const r of running) {
    if (r.preempting) inFlight++;
    else candidates.push(r);
  }
  candidates.sort(byVictimOrder);
  const victims: string[] = [];
  for (let w = inFlight, c = 0; w < waiting.length && c < candidates.length; w++, c++) {
    // Both lists are sorted, so once the best remaining waiter loses, every later pair loses too.
    if (waiting[w]!.rank <= candidates[c]!.rank) break;
    victims.push(candidates[c]!.id);
  }
  return victims;
}
