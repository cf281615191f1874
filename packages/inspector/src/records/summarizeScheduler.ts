import { SchedulerCore } from '@switchboard/core';
import { MAX_QUEUE_SHOWN, type RequestSummary, type SchedulerSummary } from './InspectionRecord.js';
import type { Sanitizer } from './createSanitizer.js';

/** Whether a context is the Switchboard scheduler's. */
export function isSchedulerContext(context: unknown): context is { core: SchedulerCore<unknown> } {
  return typeof context === 'object' && context !== null && (context as { core?: unknown }).core instanceof SchedulerCore;
}

/**
 * The scheduler's queue (service order, effective priorities, waits) and its running slots
 * at `now`. A long queue is listed up to {@link MAX_QUEUE_SHOWN} and counted.
 *
 * @example
 * ```ts
 * summarizeScheduler(scheduler.getSnapshot().context.core, clock.now(), createSanitizer());
 * ```
 */
export function summarizeScheduler(core: SchedulerCore<unknown>, now: number, clean: Sanitizer): SchedulerSummary {
  const queued = core.queuedView(now);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    kind: 'scheduler',
    slots: core.slots,
    active: core.active === null ? null : clean.text(core.active),
    running: core.runningView(now).map(
      (r): RequestSummary => ({
        turnId: clean.text(r.turnId),
        sessionId: clean.text(r.sessionId),
        priorityClass: r.priorityClass,
        effectivePriority: round(r.effectivePriority),
        ms: round(r.runningMs),
      }),
    ),
    queued: queued.slice(0, MAX_QUEUE_SHOWN).map(
      (r): RequestSummary => ({
        turnId: clean.text(r.turnId),
        sessionId: clean.text(r.sessionId),
        priorityClass: r.priorityClass,
        effectivePriority: round(r.effectivePriority),
        ms: round(r.waitedMs),
        resumed: r.resumed,
      }),
    ),
    queuedTotal: queued.length,
  };
}
