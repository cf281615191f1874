import { createActor, createMachine, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { createTestModel, getShortestPaths, type StatePath } from 'xstate/graph';
import { sessionMachine } from '../../machines/sessionMachine.js';
import { dedupePaths, extendToCover, refold } from './completePaths.js';
import { scenarioPath } from './scenarioPath.js';
import { defaultSessionInput, serializeSessionState, sessionEvents, type SessionModelSnapshot } from './sessionModel.js';
import type { ModelPath } from './types.js';

/** How {@link sessionPaths} explores a session machine. */
export interface SessionPathsOptions {
  /** Events to try in a snapshot; default {@link sessionEvents}. Extend it for events your machine adds. */
  readonly events?: (snapshot: SessionModelSnapshot) => readonly EventObject[];
  /** The abstract state; default {@link serializeSessionState}. It must take finitely many values. */
  readonly serializeState?: (snapshot: SessionModelSnapshot) => string;
  /** The machine's input; default {@link defaultSessionInput} (one retry). */
  readonly input?: unknown;
  /** Event lists to add as paths of their own, e.g. a regression scenario. */
  readonly scenarios?: readonly (readonly EventObject[])[];
  /**
   * Which transitions the added paths must cover: `graph` (default), every state-changing
   * transition of `machineGraph(machine)`; `abstract`, every transition between abstract
   * states (see `extendToCover`); `none`, shortest paths only.
   */
  readonly cover?: 'graph' | 'abstract' | 'none';
}

/** An abstract path over a session machine. */
export type SessionPath = ModelPath<SessionModelSnapshot, EventObject>;

type Paths = StatePath<SessionModelSnapshot, EventObject>[];

/** `createTestModel` refuses machines it cannot drive step by step (invoke, after, delays). */
const isRefusal = (error: unknown) => error instanceof Error && /not supported/.test(error.message);

/**
 * Abstract test paths over the session machine, or over any machine built on it
 * (`sessionMachine.provide(...)`, or a machine whose config spreads ours and adds states):
 * shortest paths to every abstract state, plus one-event extensions until every
 * state-changing transition of `machineGraph(machine)` is taken.
 *
 * The session machine has no `invoke` and no `after` (streams are spawned by an action), so
 * xstate's `createTestModel` accepts it and generates the shortest paths, prefixes removed.
 * For a machine it refuses, the same traversal runs through `getShortestPaths`. Every path
 * starts from the initial state; run them against the real system with `runSessionPath`.
 *
 * @example
 * ```ts
 * const paths = sessionPaths();
 * coverage(paths, sessionMachine); // { states: { covered: 6, total: 6, ... }, transitions: { covered: 26, total: 26, ... } }
 *
 * // A machine of your own that adds an `archived` state and an ARCHIVE event:
 * sessionPaths(myMachine, { events: (s) => [...sessionEvents(s), { type: 'ARCHIVE', at: 0 }] });
 * ```
 */
export function sessionPaths(machine: AnyStateMachine = sessionMachine, options: SessionPathsOptions = {}): SessionPath[] {
  const sample = options.events ?? sessionEvents;
  // `can` drops events the snapshot ignores, so they neither cost a traversal step nor
  // appear in a path as a step the real system would have to "realise" by doing nothing.
  const events = (snapshot: SessionModelSnapshot) => sample(snapshot).filter((event) => snapshot.can(event));
  const serializeState = options.serializeState ?? serializeSessionState;
  const input = options.input ?? defaultSessionInput();
  const traversal = { events, serializeState, input };
  const initial = machine.getInitialSnapshot(scopeFor(), input) as SessionModelSnapshot;
  const refolding = { ...traversal, initial };

  let chosen: SessionPath[];
  let all: SessionPath[];
  try {
    const model = createTestModel(machine, {
      ...traversal,
      // The model also tries a bare `{ type }` for every event type a state handles; only
      // the sample events are meaningful (a bare GRANT has no turn id, a bare CANCEL in a
      // fault-suspended state is something the real system cannot produce).
      filterEvents: (snapshot: AnyMachineSnapshot, event: EventObject) => {
        const key = JSON.stringify(event);
        return events(snapshot as SessionModelSnapshot).some((e) => JSON.stringify(e) === key);
      },
    } as never);
    chosen = (model.getShortestPaths() as unknown as Paths).map((p) => refold(machine, p, 'createTestModel', refolding));
    all = (model.getShortestPaths({ allowDuplicatePaths: true }) as unknown as Paths).map((p) => refold(machine, p, 'createTestModel', refolding));
  } catch (error) {
    if (!isRefusal(error)) throw error;
    all = (getShortestPaths(machine, traversal as never) as unknown as Paths).map((p) => refold(machine, p, 'getShortestPaths', refolding));
    chosen = dedupePaths(all);
  }

  const scenarios = (options.scenarios ?? []).map((list) => scenarioPath(machine, initial, list));
  chosen = [...chosen, ...scenarios];
  const cover = options.cover ?? 'graph';
  if (cover === 'none') return chosen;
  // An extension may continue another extension (… failed, then … failed —SEND→ queued): keep the longer.
  return dedupePaths([...chosen, ...extendToCover({ machine, logic: machine, chosen, candidates: all, events, target: cover, serializeState })]);
}

/** A throwaway scope for computing an initial snapshot outside a traversal. */
function scopeFor() {
  const actor = createActor(createMachine({}));
  return {
    self: actor,
    id: '',
    sessionId: 'paths',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: actor.system,
    stopChild: () => {},
    actionExecutor: () => {},
  } as never;
}
