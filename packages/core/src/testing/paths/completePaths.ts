import type { AnyActorLogic, AnyStateMachine, EventObject, Snapshot } from 'xstate';
import type { StatePath } from 'xstate/graph';
import { pathEdges } from './coverage.js';
import { edgeKey, edgesOf, graphEdgeIndex, topState } from './graphEdges.js';
import { traceStep } from './traceStep.js';
import type { ModelPath, PathOrigin } from './types.js';

/**
 * `idle —SEND→ queued —GRANT→ streaming`
 *
 * @example
 * ```ts
 * describePath(path); // 'idle —SEND→ queued —CANCEL→ idle'
 * ```
 */
export function describePath(path: StatePath<Snapshot<unknown>, EventObject>): string {
  const [first, ...rest] = path.steps;
  const value = (s: Snapshot<unknown>) => topState((s as { value?: unknown }).value);
  return [first ? value(first.state) : '?', ...rest.map((s) => `—${s.event.type}→ ${value(s.state)}`)].join(' ');
}

/**
 * Tags an `xstate/graph` path with its description and origin.
 *
 * @example
 * ```ts
 * getShortestPaths(logic, options).map((p) => toModelPath(p, 'getShortestPaths'));
 * ```
 */
export function toModelPath<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject>(
  path: StatePath<TSnapshot, TEvent>,
  via: PathOrigin,
): ModelPath<TSnapshot, TEvent> {
  return { state: path.state, steps: path.steps, weight: path.weight, description: describePath(path), via };
}

/** What {@link refold} needs to re-choose each step. */
export interface RefoldOptions<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject> {
  /** The logic's own initial snapshot: a path's first snapshot may be a later one that looks the same. */
  readonly initial: TSnapshot;
  readonly events: (snapshot: TSnapshot) => readonly TEvent[];
  readonly serializeState: (snapshot: TSnapshot) => string;
}

/**
 * Re-derives a path from its first snapshot, step by step, so that every event and snapshot
 * is the one this path itself produces.
 *
 * Why: `xstate/graph` keeps one snapshot per abstract state, and the one it keeps is
 * overwritten by whichever path reached that state last. A returned path can therefore mix
 * snapshots and events of different runs: a `STREAM.ERROR` for attempt 2 after a snapshot
 * whose attempt is 1, which the machine rightly ignores; even its first snapshot can be an
 * `idle` reached later, with a transcript. Each step is re-chosen among the
 * events offered in the re-derived snapshot: same type, same abstract target state (the
 * very same event when it is still offered).
 *
 * @example
 * ```ts
 * const consistent = refold(sessionMachine, path, 'createTestModel', { initial, events, serializeState });
 * ```
 */
export function refold<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject>(
  logic: AnyActorLogic,
  path: StatePath<TSnapshot, TEvent>,
  via: PathOrigin,
  options: RefoldOptions<TSnapshot, TEvent>,
): ModelPath<TSnapshot, TEvent> {
  const { events, serializeState, initial } = options;
  const [first, ...rest] = path.steps;
  if (!first) return toModelPath(path, via);
  const steps = [{ event: first.event, state: initial }];
  let state = initial;
  for (const step of rest) {
    const target = serializeState(step.state);
    const exact = JSON.stringify(step.event);
    const offered = events(state).filter((e) => e.type === step.event.type);
    offered.sort((a, b) => Number(JSON.stringify(b) === exact) - Number(JSON.stringify(a) === exact));
    const found = offered.map((event) => ({ event, next: traceStep(logic, state, event).next })).find((c) => serializeState(c.next) === target);
    if (!found) throw new Error(`${describePath(path)}: no ${step.event.type} leads to ${target} when replayed`);
    state = found.next;
    steps.push({ event: found.event, state });
  }
  return toModelPath({ state, steps, weight: path.weight }, via);
}

const eventsKey = (path: StatePath<Snapshot<unknown>, EventObject>) => path.steps.slice(1).map((s) => JSON.stringify(s.event));

/**
 * Drops every path whose events are a prefix of another path's: the longer one visits the
 * same states on the way, so running both would only repeat work.
 *
 * @example
 * ```ts
 * dedupePaths([idleSendQueued, idleSendQueuedGrantStreaming]); // [idleSendQueuedGrantStreaming]
 * ```
 */
export function dedupePaths<T extends StatePath<Snapshot<unknown>, EventObject>>(paths: readonly T[]): T[] {
  const sorted = [...paths].sort((a, b) => b.steps.length - a.steps.length);
  const kept: { path: T; events: string[] }[] = [];
  for (const path of sorted) {
    const events = eventsKey(path);
    if (kept.some((k) => events.every((e, i) => k.events[i] === e))) continue;
    kept.push({ path, events });
  }
  return kept.map((k) => k.path);
}

/** Inputs of {@link extendToCover}. */
export interface ExtendOptions<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject> {
  /** The machine whose `machineGraph` is the coverage target. */
  readonly machine: AnyStateMachine;
  /** What is stepped: the machine itself, or a wrapper such as `replayLogic`. */
  readonly logic: AnyActorLogic;
  /** Paths already chosen: what they cover is not added again. */
  readonly chosen: readonly StatePath<TSnapshot, TEvent>[];
  /** Where extensions may start: a shortest path to every reachable abstract state. */
  readonly candidates: readonly StatePath<TSnapshot, TEvent>[];
  readonly events: (snapshot: TSnapshot) => readonly TEvent[];
  /**
   * What must be covered:
   * - `graph` (default): every state-changing transition of `machineGraph(machine)`;
   * - `abstract`: every transition of the abstract state graph (each abstract state with each
   *   event type it is offered, by where it leads): stronger, and still a handful of steps per
   *   path, since every extension starts from a shortest path.
   */
  readonly target?: 'graph' | 'abstract';
  /** Needed for `target: 'abstract'`. */
  readonly serializeState?: (snapshot: TSnapshot) => string;
}

/**
 * Greedy completion: shortest paths reach every abstract state but use only one way into
 * each, so transitions that lead to an already-reached state (most guarded branches and
 * every cancel) are left out. For each transition still missing, this appends one event to
 * the shortest path that ends where that transition starts.
 *
 * @example
 * ```ts
 * const extra = extendToCover({ machine, logic: machine, chosen: paths, candidates: allShortest, events });
 * coverage([...paths, ...extra], machine).transitions.missing; // []
 * ```
 */
export function extendToCover<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject>(
  options: ExtendOptions<TSnapshot, TEvent>,
): ModelPath<TSnapshot, TEvent>[] {
  const { machine, logic, chosen, candidates, events, target = 'graph' } = options;
  const serialize = options.serializeState;
  if (target === 'abstract' && !serialize) throw new TypeError('extendToCover: target "abstract" needs serializeState');
  const abstractKey = (from: TSnapshot, event: TEvent, to: TSnapshot) => `${serialize!(from)}|${event.type}|${serialize!(to)}`;

  // Graph edges are removed from `missing` as they are taken; abstract ones are added to `done`.
  const missing = graphEdgeIndex(machine);
  const done = new Set<string>();
  for (const path of chosen) {
    if (target === 'graph') for (const edges of pathEdges(path, machine)) for (const edge of edges) missing.delete(edgeKey(edge));
    else for (let i = 1; i < path.steps.length; i++) done.add(abstractKey(path.steps[i - 1]!.state, path.steps[i]!.event, path.steps[i]!.state));
  }

  const added: ModelPath<TSnapshot, TEvent>[] = [];
  const byLength = [...candidates].sort((a, b) => a.steps.length - b.steps.length);
  for (const path of byLength) {
    if (target === 'graph' && missing.size === 0) break;
    for (const event of events(path.state)) {
      const { next, transitions } = traceStep(logic, path.state, event);
      if (target === 'graph') {
        const fresh = edgesOf(transitions, topState((path.state as { value?: unknown }).value)).filter((edge) => missing.has(edgeKey(edge)));
        if (fresh.length === 0) continue;
        for (const edge of fresh) missing.delete(edgeKey(edge));
      } else {
        const key = abstractKey(path.state, event, next);
        if (done.has(key)) continue;
        done.add(key);
      }
      const extended = { state: next, steps: [...path.steps, { event, state: next }], weight: path.weight + 1 };
      added.push(toModelPath(extended, 'extension'));
    }
  }
  return added;
}
