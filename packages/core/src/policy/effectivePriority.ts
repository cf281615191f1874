import { CLASS_WEIGHT } from './classWeight.js';
import type { RankInput } from './types.js';

/**
 * A request's priority level at `now`: its class's weight, plus one level for every
 * `agingMs` it has waited since it arrived.
 *
 * @example
 * ```ts
 * effectivePriority({ priorityClass: 'background', arrivalAt: 0 }, 45_000, 30_000) // 1.5
 * ```
 */
export function effectivePriority(request: RankInput, now: number, agingMs: number): number {
  return CLASS_WEIGHT[request.priorityClass] + (now - request.arrivalAt) / agingMs;
}
