import type { SystemView, Violation } from '../SystemView.js';

/**
 * Invariant 2: no request waits while a slot is free or while one of lower effective
 * priority holds a slot. Checked between steps: the scheduler hands the slot over in the
 * same step as it sends the interrupt, so there is no moment in which both hold.
 *
 * @example
 * ```ts
 * noPriorityInversion(view);
 * ```
 */
export function noPriorityInversion(view: SystemView): Violation | null {
  if (view.waiting.length === 0) return null;
  const best = view.waiting.reduce((a, b) => (b.rank > a.rank ? b : a));
  if (view.running.length < view.slots) {
    return { invariant: 'priority', message: `${best.turnId} (${best.sessionId}) waits while ${view.slots - view.running.length} slot(s) are free` };
  }
  const worst = view.running.reduce((a, b) => (b.rank < a.rank ? b : a));
  if (best.rank > worst.rank) {
    return {
      invariant: 'priority',
      message: `${best.turnId} (${best.sessionId}, ${best.priorityClass}) waits while ${worst.turnId} (${worst.sessionId}, ${worst.priorityClass}) of lower priority holds a slot`,
    };
  }
  return null;
}
