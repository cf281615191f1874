import { CLASS_WEIGHT } from './classWeight.js';
import type { RankInput } from './types.js';

/**
 * The heap key of a request: `weight × agingMs − arrivalAt`.
 *
 * Effective priority at `now` is `weight + (now − arrivalAt) / agingMs`. For two requests
 * compared at the same `now`, the `now` terms cancel, so ordering by this static key is
 * ordering by effective priority at every moment: aging costs nothing per tick and the
 * heap never needs re-sorting as time passes.
 *
 * @example
 * ```ts
 * rankRequest({ priorityClass: 'background', arrivalAt: 0 }, 30_000)    // 0
 * rankRequest({ priorityClass: 'foreground', arrivalAt: 5_000 }, 30_000) // 25_000: outranks it
 * ```
 */
export function rankRequest(request: RankInput, agingMs: number): number {
  return CLASS_WEIGHT[request.priorityClass] * agingMs - request.arrivalAt;
}
