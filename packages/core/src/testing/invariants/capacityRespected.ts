import type { SystemView, Violation } from '../SystemView.js';

/**
 * Invariant 6: the queue never holds more than its capacity (a refused message is
 * reported to its sender by a `QueueFullError`, and never enters the system).
 *
 * @example
 * ```ts
 * capacityRespected(view);
 * ```
 */
export function capacityRespected(view: SystemView): Violation | null {
  const outstanding = view.messages.filter((m) => m.outcomes === 0).length;
  if (view.waiting.length > view.capacity || outstanding > view.capacity) {
    return { invariant: 'capacity', message: `${outstanding} messages outstanding (${view.waiting.length} queued) with capacity ${view.capacity}` };
  }
  return null;
}
