import { enqueueActions, setup, type AnyActorRef } from 'xstate';
import type { SchedulingPolicy } from '../policy/types.js';
import type { SchedulerEvent } from '../scheduler/events.js';
import { applySchedulerEvent } from '../scheduler/applySchedulerEvent.js';
import { SchedulerCore } from '../scheduler/SchedulerCore.js';
import type { SessionEvent } from '../session/events.js';

export interface SchedulerInput {
  readonly slots: number;
  readonly policy: SchedulingPolicy;
}

export interface SchedulerContext {
  readonly core: SchedulerCore<AnyActorRef>;
}

const toSession = (event: SessionEvent) => event;

/**
 * The scheduler: owns the priority queue and a fixed number of slots.
 *
 * Sessions send `REQUEST` when a turn needs a slot, `RELEASE` when a turn ends, and
 * `SUSPENDED` when a transient fault made them give a slot back; the switchboard sends
 * `ACTIVATE` when the user switches sessions. After each event the scheduler interrupts
 * (`PREEMPT`) the streams its policy says must yield, re-queueing them in their original
 * place, and fills free slots (`GRANT`). Interrupts are sent before grants and XState
 * delivers them in order, so a victim stops before its slot is reused.
 *
 * States say how loaded it is: `idle` (nothing running or waiting), `serving` (a free
 * slot or an empty queue) and `saturated` (every slot busy and work waiting).
 *
 * The queue is a mutable heap inside the context, so an event costs O(log n) rather than a
 * copy of the queue: read scheduler snapshots as views of the moment, not as values.
 *
 * @example
 * ```ts
 * const scheduler = createActor(schedulerMachine, {
 *   input: { slots: 2, policy: createPriorityPolicy() },
 * }).start();
 * ```
 */
export const schedulerMachine = setup({
  types: {
    context: {} as SchedulerContext,
    events: {} as SchedulerEvent,
    input: {} as SchedulerInput,
  },
  guards: {
    idle: ({ context }) => context.core.idle,
    saturated: ({ context }) => context.core.saturated,
    busy: ({ context }) => !context.core.idle,
    notSaturated: ({ context }) => !context.core.saturated,
  },
  actions: {
    /** Applies the event to the queue and slots, then sends out what the policy decides. */
    dispatch: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'STOP') return;
      for (const decision of applySchedulerEvent(context.core, event)) {
        const { turnId, session } = decision.request;
        enqueue.sendTo(
          session,
          toSession(decision.type === 'grant' ? { type: 'GRANT', turnId, at: event.at } : { type: 'PREEMPT', turnId, at: event.at }),
        );
      }
    }),
  },
}).createMachine({
  id: 'scheduler',
  context: ({ input }) => ({
    // No capacity here: admission is decided before a message reaches a session (the
    // switchboard's queueCapacity), so a request that arrives is always taken in.
    core: new SchedulerCore<AnyActorRef>({ slots: input.slots, policy: input.policy }),
  }),
  initial: 'idle',
  on: {
    REQUEST: { actions: 'dispatch' },
    SUSPENDED: { actions: 'dispatch' },
    RELEASE: { actions: 'dispatch' },
    ACTIVATE: { actions: 'dispatch' },
    STOP: { target: '.stopped' },
  },
  states: {
    idle: { always: { guard: 'busy', target: 'serving' } },
    serving: {
      always: [
        { guard: 'saturated', target: 'saturated' },
        { guard: 'idle', target: 'idle' },
      ],
    },
    saturated: { always: { guard: 'notSaturated', target: 'serving' } },
    stopped: { type: 'final' },
  },
});
