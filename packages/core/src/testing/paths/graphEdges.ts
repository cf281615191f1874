import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { guardLabel, machineGraph, type GuardLike } from '../../diagram/machineGraph.js';
import type { GraphEdge } from './types.js';

/**
 * `from|to|event|guard`: the identity `machineGraph` itself deduplicates edges by.
 *
 * @example
 * ```ts
 * edgeKey({ from: 'queued', to: 'streaming', event: 'GRANT', guard: 'isCurrentTurn' });
 * // 'queued|streaming|GRANT|isCurrentTurn'
 * ```
 */
export function edgeKey(edge: GraphEdge): string {
  return `${edge.from}|${edge.to}|${edge.event}|${edge.guard ?? ''}`;
}

/**
 * The graph edges that transitions actually taken correspond to, as `machineGraph` draws
 * them: a transition of a top-level state is an edge from that state; a state-changing
 * transition of the machine itself (the scheduler's `STOP`) is an edge from `from`, the
 * top-level state the step started in. Targetless transitions are not edges.
 *
 * @example
 * ```ts
 * const { transitions } = traceStep(sessionMachine, snapshot, event);
 * edgesOf(transitions, 'queued'); // [{ from: 'queued', to: 'streaming', event: 'GRANT', guard: 'isCurrentTurn' }]
 * ```
 */
export function edgesOf(transitions: readonly AnyTransitionDefinition[], from?: string): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const t of transitions) {
    const source = t.source as AnyStateNode;
    const atRoot = !source.parent;
    // Top level: the parent is the root, which itself has no parent.
    if (!atRoot && source.parent!.parent) continue;
    if (atRoot && from === undefined) continue;
    for (const target of (t.target ?? []) as AnyStateNode[]) {
      const guard = guardLabel(t.guard as GuardLike);
      const origin = atRoot ? from! : source.key;
      edges.push({ from: origin, to: target.key, event: t.eventType === '' ? 'always' : t.eventType, ...(guard ? { guard } : {}) });
    }
  }
  return edges;
}

/**
 * Every edge of `machineGraph(machine)`, by key: the coverage denominator.
 *
 * @example
 * ```ts
 * graphEdgeIndex(sessionMachine).size; // 26
 * ```
 */
export function graphEdgeIndex(machine: AnyStateMachine): Map<string, GraphEdge> {
  return new Map(machineGraph(machine).edges.map((edge) => [edgeKey(edge), edge]));
}

/**
 * The top-level state a snapshot is in (the key of a flat machine's value).
 *
 * @example
 * ```ts
 * topState('idle'); // 'idle'
 * topState({ streaming: 'tokens' }); // 'streaming'
 * ```
 */
export function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.keys(value)[0] ?? '';
  return String(value);
}
