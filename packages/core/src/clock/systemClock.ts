import { performance } from 'node:perf_hooks';
import type { Clock } from './types.js';

/**
 * The wall clock: `performance.now()` and the event loop's own timers.
 *
 * @example
 * ```ts
 * const board = createSwitchboard({ provider, clock: systemClock });
 * ```
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  defer: (fn) => void setImmediate(fn),
};
