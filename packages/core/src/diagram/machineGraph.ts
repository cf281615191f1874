import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A machine's top-level states and the transitions between them, ready to draw. */
export interface MachineGraph {
  readonly id: string;
  readonly initial: string;
  readonly states: readonly { readonly key: string; readonly final: boolean; readonly description?: string }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly event: string; readonly guard?: string }[];
}

export type GuardLike = string | { type?: string; guards?: GuardLike[] } | ((...args: never[]) => unknown) | undefined;

/**
 * How a guard is shown on an edge: `and([a, b])` becomes "a ∧ b"; inline guard functions
 * have no name worth showing.
 *
 * @example
 * ```ts
 * guardLabel('isCurrentTurn'); // 'isCurrentTurn'
 * ```
 */
export function guardLabel(guard: GuardLike): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  const parts = (guard as { guards?: GuardLike[] }).guards;
  if (Array.isArray(parts)) return parts.map(guardLabel).filter(Boolean).join(' ∧ ');
  if (typeof guard === 'object' && typeof guard.type === 'string') return guard.type;
  return 'guard';
}

/**
 * Reads the transitions that change state from a machine definition (targetless
 * transitions, which only run actions, are left out), seen from the top level: the unit
 * the testing kit's transition coverage counts. A nested target counts as its top-level
 * ancestor and transitions inside a top-level state are not listed; for every state at
 * every depth, as the drawings show them, see {@link statechartGraph}.
 *
 * @example
 * ```ts
 * const graph = machineGraph(sessionMachine);
 * graph.edges.filter((e) => e.event === 'PREEMPT'); // streaming → suspended, resuming → suspended
 * ```
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const root = machine.root;
  const children = Object.values(root.states) as AnyStateNode[];
  const edges: MachineGraph['edges'][number][] = [];
  const seen = new Set<string>();
  // A transition on the machine itself applies in every state: draw it from each one (final states excepted).
  const rootTransitions = [...root.transitions.values()].flat().filter((t) => (t.target ?? []).length > 0);
  for (const node of children) {
    const transitions = [...node.transitions.values()].flat();
    if (node.always) transitions.push(...node.always);
    if (node.type !== 'final') transitions.push(...rootTransitions);
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        const guard = guardLabel(t.guard as GuardLike);
        const event = t.eventType === '' ? 'always' : t.eventType;
        // A nested target (`b.c`) is entered through its top-level ancestor (`b`).
        const to = target.path[0] ?? target.key;
        const edge = { from: node.key, to, event, ...(guard ? { guard } : {}) };
        const key = `${edge.from}|${edge.to}|${edge.event}|${guard ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push(edge);
      }
    }
  }
  const initial = (root.config.initial as string | undefined) ?? children[0]?.key ?? '';
  return {
    id: root.id,
    initial,
    states: children.map((n) => ({
      key: n.key,
      final: n.type === 'final',
      ...(n.description ? { description: n.description } : {}),
    })),
    edges,
  };
}
