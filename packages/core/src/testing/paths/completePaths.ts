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
}

/**
 * Greedy completion: shortest paths reach every abstract state but use only one way into
 * each, so transitions that lead to an already-reached state (most guarded branches and
 * every cancel) are left out. For each edge still missing, this appends one event to the
 * shortest path that ends where that edge starts.
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
  const { machine, logic, chosen, candidates, events } = options;
  const missing = graphEdgeIndex(machine);
  for (const path of chosen) for (const edges of pathEdges(path, machine)) for (const edge of edges) missing.delete(edgeKey(edge));
  const added: ModelPath<TSnapshot, TEvent>[] = [];
  const byLength = [...candidates].sort((a, b) => a.steps.length - b.steps.length);
  for (const path of byLength) {
    if (missing.size === 0) break;
    for (const event of events(path.state)) {
      const { next, transitions } = traceStep(logic, path.state, event);
      const fresh = edgesOf(transitions).filter((edge) => missing.has(edgeKey(edge)));
      if (fresh.length === 0) continue;
      for (const edge of fresh) missing.delete(edgeKey(edge));
      const extended = { state: next, steps: [...path.steps, { event, state: next }], weight: path.weight + 1 };
      added.push(toModelPath(extended, 'extension'));
    }
  }
  return added;
}
