import { createActor, createMachine, type AnyActorRef, type AnyMachineSnapshot, type EventObject } from 'xstate';
import type { SchedulerContext } from '../../machines/schedulerMachine.js';
import type { ReplaySnapshot } from './replayLogic.js';

/**
 * The scheduler's events as a model step says them: no actor refs (the replay adds stand-ins,
 * the driver uses real sessions), and `sessionId` on every per-turn event so the driver knows
 * which session to act through.
 */
export type SchedulerModelEvent =
  | { readonly type: 'REQUEST'; readonly turnId: string; readonly sessionId: string; readonly at: number }
  | { readonly type: 'RELEASE'; readonly turnId: string; readonly sessionId: string; readonly outcome: 'cancelled' | 'completed'; readonly at: number }
  | { readonly type: 'SUSPENDED'; readonly turnId: string; readonly sessionId: string; readonly at: number }
  | { readonly type: 'ACTIVATE'; readonly sessionId: string | null; readonly at: number }
  | { readonly type: 'STOP' };

/** A request as the model sees it: which turn, whose. */
export interface SchedulerRequestFact {
  readonly turnId: string;
  readonly sessionId: string;
}

/** What the model reads from the scheduler after each step. */
export interface SchedulerFacts {
  readonly slots: number;
  readonly sessions: readonly string[];
  readonly active: string | null;
  readonly running: readonly SchedulerRequestFact[];
  /** In service order. */
  readonly queued: readonly SchedulerRequestFact[];
  /** Requests made so far per session, for fresh turn ids. */
  readonly turns: Readonly<Record<string, number>>;
}

/** A replayed scheduler: its state value, its facts, its history. */
export type SchedulerModelSnapshot = ReplaySnapshot<SchedulerFacts, SchedulerModelEvent>;

/**
 * Reads {@link SchedulerFacts} from a live scheduler snapshot.
 *
 * @example
 * ```ts
 * schedulerFacts(['a', 'b'])(scheduler.getSnapshot(), history).running; // [{ turnId: 'a1', sessionId: 'a' }]
 * ```
 */
export function schedulerFacts(sessions: readonly string[]) {
  return (snapshot: AnyMachineSnapshot, history: readonly SchedulerModelEvent[]): SchedulerFacts => {
    const { core } = snapshot.context as SchedulerContext;
    const turns: Record<string, number> = Object.fromEntries(sessions.map((s) => [s, 0]));
    for (const event of history) if (event.type === 'REQUEST') turns[event.sessionId] = (turns[event.sessionId] ?? 0) + 1;
    const fact = (r: SchedulerRequestFact) => ({ turnId: r.turnId, sessionId: r.sessionId });
    return {
      slots: core.slots,
      sessions,
      active: core.active,
      running: [...core.running.values()].map(fact),
      queued: core.queue.toArray().map((e) => fact(e.value)),
      turns,
    };
  };
}

/**
 * Stand-in sessions for the replay: they receive GRANT and PREEMPT and do nothing, which is
 * all a real session does toward the scheduler on those (it sends nothing back).
 *
 * @example
 * ```ts
 * const toMachineEvent = withSessionRefs(createStandIns());
 * ```
 */
export function createStandIns(): (sessionId: string) => AnyActorRef {
  const refs = new Map<string, AnyActorRef>();
  return (sessionId) => {
    let ref = refs.get(sessionId);
    if (!ref) refs.set(sessionId, (ref = createActor(createMachine({ id: sessionId })).start()));
    return ref;
  };
}

/**
 * Gives a model event what the machine needs: `REQUEST` carries the session's actor ref.
 *
 * @example
 * ```ts
 * withSessionRefs(createStandIns())({ type: 'REQUEST', turnId: 'a1', sessionId: 'a', at: 0 }); // { ..., session: ActorRef }
 * ```
 */
export function withSessionRefs(refOf: (sessionId: string) => AnyActorRef) {
  return (event: SchedulerModelEvent): EventObject =>
    event.type === 'REQUEST' ? ({ ...event, session: refOf(event.sessionId) } as EventObject) : event;
}

const AT = 0;

/**
 * The events the environment can produce: a session without a request sends one; a waiting
 * or running turn is cancelled; a running one completes or faults; the user switches to any
 * other session or to none; the switchboard stops. Times are all 0: arrival order is kept by
 * the queue's acceptance order, and with one class the real clock orders the same way.
 *
 * @example
 * ```ts
 * schedulerEvents(snapshot).map((e) => e.type); // ['REQUEST', 'REQUEST', 'ACTIVATE', 'ACTIVATE', 'STOP']
 * ```
 */
export function schedulerEvents(snapshot: SchedulerModelSnapshot): SchedulerModelEvent[] {
  if (snapshot.status === 'done') return [];
  const { sessions, running, queued, turns, active } = snapshot.facts;
  const events: SchedulerModelEvent[] = [];
  for (const sessionId of sessions) {
    const mine = (r: SchedulerRequestFact) => r.sessionId === sessionId;
    const run = running.find(mine);
    const wait = queued.find(mine);
    if (run) {
      events.push({ type: 'RELEASE', turnId: run.turnId, sessionId, outcome: 'completed', at: AT });
      events.push({ type: 'RELEASE', turnId: run.turnId, sessionId, outcome: 'cancelled', at: AT });
      events.push({ type: 'SUSPENDED', turnId: run.turnId, sessionId, at: AT });
    } else if (wait) {
      events.push({ type: 'RELEASE', turnId: wait.turnId, sessionId, outcome: 'cancelled', at: AT });
    } else {
      events.push({ type: 'REQUEST', turnId: `${sessionId}${(turns[sessionId] ?? 0) + 1}`, sessionId, at: AT });
    }
  }
  for (const sessionId of [...sessions, null]) if (sessionId !== active) events.push({ type: 'ACTIVATE', sessionId, at: AT });
  events.push({ type: 'STOP' });
  return events;
}

/**
 * The abstract scheduler state: its value, who runs, who waits in which order, who is in
 * front. Turn ids and counters are left out, so the state space is finite.
 *
 * @example
 * ```ts
 * serializeSchedulerState(snapshot); // '["saturated",["a"],["b"],null]'
 * ```
 */
export function serializeSchedulerState(snapshot: SchedulerModelSnapshot): string {
  // Stopped is stopped: what was left in the queue no longer matters.
  if (snapshot.status === 'done') return JSON.stringify([snapshot.value]);
  const { running, queued, active } = snapshot.facts;
  const ids = (rs: readonly SchedulerRequestFact[]) => rs.map((r) => r.sessionId);
  return JSON.stringify([snapshot.value, ids(running).sort(), ids(queued), active]);
}
