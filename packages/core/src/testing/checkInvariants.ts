import { answersIntact } from './invariants/answersIntact.js';
import { capacityRespected } from './invariants/capacityRespected.js';
import { noPriorityInversion } from './invariants/noPriorityInversion.js';
import { singleOutcome } from './invariants/singleOutcome.js';
import { slotsRespected } from './invariants/slotsRespected.js';
import type { SystemView, Violation } from './SystemView.js';

/** The invariants that hold in every state (starvation is checked at each grant: see `noStarvation`). */
export const STATE_INVARIANTS = [slotsRespected, noPriorityInversion, singleOutcome, answersIntact, capacityRespected] as const;

/**
 * Every state invariant that `view` breaks (empty when all hold).
 *
 * @example
 * ```ts
 * const broken = checkInvariants(view);
 * if (broken.length) throw new Error(broken.map((v) => v.message).join('; '));
 * ```
 */
export function checkInvariants(view: SystemView): Violation[] {
  const broken: Violation[] = [];
  for (const invariant of STATE_INVARIANTS) {
    const violation = invariant(view);
    if (violation) broken.push(violation);
  }
  return broken;
}
