import {
  createActor,
  type ActorLogic,
  type ActorSystem,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  type EventObject,
  type InspectionEvent,
  type Snapshot,
  type StateValue,
} from 'xstate';
import type { TracedSnapshot } from './traceStep.js';

/** A moment of a replayed machine: its state, the facts read from it, and how it got there. */
export type ReplaySnapshot<TFacts, TEvent extends EventObject = EventObject> = Snapshot<undefined> &
  TracedSnapshot & {
    readonly value: StateValue;
    readonly facts: TFacts;
    /** Every event since the start; the next step replays them on a fresh actor. */
    readonly history: readonly TEvent[];
  };

/** How {@link replayLogic} builds, feeds and reads the machine it replays. */
export interface ReplayOptions<TFacts, TEvent extends EventObject> {
  readonly machine: AnyStateMachine;
  /** Called for every replay, so each gets fresh context (a new `SchedulerCore`). */
  readonly input: () => unknown;
  /** Turns a model event into the machine's event (e.g. adds actor refs). */
  readonly toMachineEvent?: (event: TEvent) => EventObject;
  /** The plain data the traversal serializes and the driver compares, read from the live snapshot. */
  readonly facts: (snapshot: AnyMachineSnapshot, history: readonly TEvent[]) => TFacts;
}

/**
 * Wraps a machine whose context is mutable as pure logic for `xstate/graph`: each step
 * replays the whole history on a fresh actor, then reads plain facts from it.
 *
 * Why: the scheduler keeps a mutable `SchedulerCore` in its context (O(log n) per event
 * instead of copying the queue). A pure traversal steps one snapshot into many branches, and
 * every branch would mutate the same core. Replaying costs O(path length) per step, which is
 * nothing at model sizes, and needs no knowledge of the core's internals.
 *
 * @example
 * ```ts
 * const logic = replayLogic({
 *   machine: schedulerMachine,
 *   input: () => ({ slots: 1, policy: createPriorityPolicy() }),
 *   facts: (s) => ({ running: s.context.core.running.size }),
 * });
 * getShortestPaths(logic, { events, serializeState: (s) => JSON.stringify([s.value, s.facts]) });
 * ```
 */
export function replayLogic<TFacts, TEvent extends EventObject>(
  options: ReplayOptions<TFacts, TEvent>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): ActorLogic<ReplaySnapshot<TFacts, TEvent>, TEvent, undefined, ActorSystem<any>> {
  const { machine, input, facts } = options;
  const toMachineEvent = options.toMachineEvent ?? ((event: TEvent) => event);

  const replay = (history: readonly TEvent[]): ReplaySnapshot<TFacts, TEvent> => {
    const taken: AnyTransitionDefinition[] = [];
    let recording = false;
    const actor = createActor(machine, {
      input: input(),
      inspect: (event: InspectionEvent) => {
        // Only the last event's microsteps, and only this actor's (not its children's).
        if (recording && event.type === '@xstate.microstep' && event.actorRef === actor) taken.push(...event._transitions);
      },
    });
    actor.start();
    history.forEach((event, i) => {
      recording = i === history.length - 1;
      actor.send(toMachineEvent(event));
    });
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    const result = {
      status: snapshot.status === 'done' ? 'done' : 'active',
      output: undefined,
      error: undefined,
      value: snapshot.value,
      facts: facts(snapshot, history),
      history,
      taken,
    } as ReplaySnapshot<TFacts, TEvent>;
    actor.stop();
    return result;
  };

  return {
    transition: (snapshot, event) => replay([...snapshot.history, event]),
    getInitialSnapshot: () => replay([]),
    getPersistedSnapshot: (snapshot) => snapshot,
  };
}
