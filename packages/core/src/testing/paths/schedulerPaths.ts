import type { AnyStateMachine } from 'xstate';
import { getShortestPaths, type StatePath } from 'xstate/graph';
import { schedulerMachine } from '../../machines/schedulerMachine.js';
import { createPriorityPolicy } from '../../policy/createPriorityPolicy.js';
import type { SchedulingPolicy } from '../../policy/types.js';
import { dedupePaths, extendToCover, refold } from './completePaths.js';
import { replayLogic } from './replayLogic.js';
import {
  createStandIns,
  schedulerEvents,
  schedulerFacts,
  serializeSchedulerState,
  withSessionRefs,
  type SchedulerModelEvent,
  type SchedulerModelSnapshot,
} from './schedulerModel.js';
import type { ModelPath } from './types.js';

/** Bounds and events of the scheduler model. */
export interface SchedulerPathsOptions {
  /** Default 1: with one slot two sessions are enough to saturate it. */
  readonly slots?: number;
  /** Default `['a', 'b']`. */
  readonly sessions?: readonly string[];
  /** Default `createPriorityPolicy()`, the switchboard's. */
  readonly policy?: SchedulingPolicy;
  /** Events to try; default {@link schedulerEvents}. */
  readonly events?: (snapshot: SchedulerModelSnapshot) => readonly SchedulerModelEvent[];
  /**
   * Which transitions the added paths must cover: `graph` (default), every state-changing
   * transition of `machineGraph(machine)`; `abstract`, every transition between abstract
   * states (see `extendToCover`); `none`, shortest paths only.
   */
  readonly cover?: 'graph' | 'abstract' | 'none';
}

/** An abstract path over the scheduler machine. */
export type SchedulerPath = ModelPath<SchedulerModelSnapshot, SchedulerModelEvent>;

/**
 * Abstract test paths over the scheduler machine: idle, serving, saturated, stopped and the
 * eventless transitions between them, driven by requests, releases, faults, switches and a
 * stop of a few sessions.
 *
 * `getShortestPaths` runs over {@link replayLogic} (a fresh `SchedulerCore` per step), not
 * over the machine: its context holds a mutable core that a pure traversal would share
 * between branches. `createTestModel` takes only machines, so it is not used here.
 *
 * @example
 * ```ts
 * const paths = schedulerPaths(schedulerMachine, { slots: 1, sessions: ['a', 'b'] });
 * coverage(paths, schedulerMachine).transitions; // { covered: 4, total: 4, missing: [] }
 * ```
 */
export function schedulerPaths(machine: AnyStateMachine = schedulerMachine, options: SchedulerPathsOptions = {}): SchedulerPath[] {
  const { slots = 1, sessions = ['a', 'b'], policy = createPriorityPolicy() } = options;
  const events = options.events ?? schedulerEvents;
  const logic = replayLogic<SchedulerModelSnapshot['facts'], SchedulerModelEvent>({
    machine,
    input: () => ({ slots, policy }),
    toMachineEvent: withSessionRefs(createStandIns()),
    facts: schedulerFacts(sessions),
  });
  const shortest = getShortestPaths(logic, { events, serializeState: serializeSchedulerState }) as StatePath<
    SchedulerModelSnapshot,
    SchedulerModelEvent
  >[];
  const initial = logic.getInitialSnapshot(undefined as never, undefined);
  const all = shortest.map((p) => refold(logic, p, 'getShortestPaths', { initial, events, serializeState: serializeSchedulerState }));
  const chosen = dedupePaths(all);
  const cover = options.cover ?? 'graph';
  if (cover === 'none') return chosen;
  const extra = extendToCover({ machine, logic, chosen, candidates: all, events, target: cover, serializeState: serializeSchedulerState });
  return dedupePaths([...chosen, ...extra]);
}
