import { effectivePriority } from './effectivePriority.js';
import { planPreemptions } from './planPreemptions.js';
import { rankRequest } from './rankRequest.js';
import type { SchedulingPolicy } from './types.js';

export interface PriorityPolicyOptions {
  /**
   * Wait after which a background request outranks a newly arrived foreground one.
   * Default 30 000 ms. See docs/ARCHITECTURE.md for the wait bound this gives.
   */
  agingMs?: number;
}

export const DEFAULT_AGING_MS = 30_000;

/**
 * The default policy: foreground before background, FIFO within a class, aging so that
 * nothing waits forever, preemption of the lowest-ranked, most recently started stream.
 *
 * @example
 * ```ts
 * const board = createSwitchboard({ provider, policy: createPriorityPolicy({ agingMs: 10_000 }) });
 * ```
 */
export function createPriorityPolicy(options: PriorityPolicyOptions = {}): SchedulingPolicy {
  const agingMs = options.agingMs ?? DEFAULT_AGING_MS;
  if (typeof agingMs !== 'number' || !(agingMs > 0) || !Number.isFinite(agingMs)) {
    throw new RangeError(`agingMs must be a positive, finite number of milliseconds, got ${String(agingMs)}.`);
  }
  return {
    agingMs,
    rank: (request) => rankRequest(request, agingMs),
    effectivePriority: (request, now) => effectivePriority(request, now, agingMs),
    planPreemptions,
  };
}
