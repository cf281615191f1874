import { CLASS_WEIGHT } from '../../policy/classWeight.js';
import type { RequestView, Violation } from '../SystemView.js';

/**
 * Invariant 5, checked at each grant: a request is never overtaken by one that arrived at
 * or after its aging deadline (at the deadline itself the two rank equal and the earlier
 * one goes first). A request R's deadline is
 * `arrivalAt + (1 − weight) × agingMs`; nothing arriving later can get ahead of it, which is
 * what bounds its wait (docs/ARCHITECTURE.md):
 * `wait ≤ (1 − weight) × agingMs + ⌈k / slots⌉ × T`.
 *
 * @example
 * ```ts
 * noStarvation(grantedRequest, stillWaiting, 30_000);
 * ```
 */
export function noStarvation(granted: RequestView, stillWaiting: readonly RequestView[], agingMs: number): Violation | null {
  for (const r of stillWaiting) {
    const deadline = r.arrivalAt + (1 - CLASS_WEIGHT[r.priorityClass]) * agingMs;
    if (granted.arrivalAt >= deadline) {
      return {
        invariant: 'starvation',
        message: `${granted.turnId} (${granted.sessionId}, arrived at ${granted.arrivalAt}) was served before ${r.turnId} (${r.sessionId}), whose aging deadline ${deadline} had come`,
      };
    }
  }
  return null;
}

/**
 * The documented wait bound for a request of `weight`, with `others` other sessions
 * holding work, `slots` slots and turns of at most `turnMs`.
 *
 * @example
 * ```ts
 * waitBound({ weight: 0, agingMs: 30_000, others: 4, slots: 2, turnMs: 5_000 }); // 45_000
 * ```
 */
export function waitBound(options: { weight: number; agingMs: number; others: number; slots: number; turnMs: number }): number {
  return (1 - options.weight) * options.agingMs + Math.ceil(options.others / options.slots) * options.turnMs;
}
