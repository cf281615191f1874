import type { SystemView, Violation } from '../SystemView.js';

/**
 * Invariant 1: streams in progress never exceed the slots.
 *
 * @example
 * ```ts
 * slotsRespected(view); // null, or { invariant: 'slots', message: '3 streams in progress with 2 slots' }
 * ```
 */
export function slotsRespected(view: SystemView): Violation | null {
  if (view.liveStreams > view.slots) {
    return { invariant: 'slots', message: `${view.liveStreams} streams in progress with ${view.slots} slots` };
  }
  if (view.running.length > view.slots) {
    return { invariant: 'slots', message: `${view.running.length} requests hold slots with ${view.slots} slots` };
  }
  return null;
}
