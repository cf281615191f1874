import type { SchedulerEvent } from './events.js';
import type { SchedulerCore } from './SchedulerCore.js';
import type { SchedulerDecision } from './types.js';

/**
 * What the scheduler does with one event: update the queue and slots, then decide who is
 * interrupted and who is granted. The scheduler machine sends the decisions out; the
 * exhaustive checker's model calls the very same function, so it checks the real logic.
 *
 * @example
 * ```ts
 * for (const decision of applySchedulerEvent(core, event)) send(decision.request.session, decision);
 * ```
 */
export function applySchedulerEvent<S>(core: SchedulerCore<S>, event: SchedulerEvent): SchedulerDecision<S>[] {
  switch (event.type) {
    case 'REQUEST':
      core.enqueue({ turnId: event.turnId, sessionId: event.sessionId, session: event.session as S }, event.at);
      break;
    case 'SUSPENDED':
      core.suspend(event.turnId, event.at);
      break;
    case 'RELEASE':
      core.release(event.turnId, event.outcome, event.timeToFirstTokenMs);
      if (event.next) core.enqueue({ ...event.next, session: event.next.session as S }, event.at);
      break;
    case 'ACTIVATE':
      core.activate(event.sessionId);
      break;
    case 'STOP':
      return [];
  }
  return core.plan(event.at);
}
