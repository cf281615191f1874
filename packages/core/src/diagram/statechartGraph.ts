import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { guardLabel, type GuardLike } from './machineGraph.js';

/** How a state is drawn: a leaf, a box of children (one active), a box of regions (all active), the end, or a history marker. */
export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One state of a {@link Statechart}, at any depth. */
export interface StatechartState {
  /**
   * The state's path from the machine's root, joined by dots: `idle`, or `editing.draft`
   * for the `draft` child of `editing`. Unique in the machine; the drawings' node ids.
   */
  readonly key: string;
  /** The state's own key: `draft`. */
  readonly name: string;
  /** The key of the state it is nested in; absent at the top level. */
  readonly parent?: string;
  readonly kind: StateKind;
  /** For a compound state: the key of the child it starts in. */
  readonly initial?: string;
  /** For a history state: `shallow` or `deep`. */
  readonly history?: 'shallow' | 'deep';
  readonly description?: string;
}

/** A state-changing transition of a {@link Statechart}. */
export interface StatechartEdge {
  readonly from: string;
  readonly to: string;
  /**
   * The event type as XState sees it; `always` for an eventless transition. Delayed,
   * done and error transitions keep XState's own types (`xstate.after.1000.#m.a`):
   * {@link transitionLabel} turns them into something to read.
   */
  readonly event: string;
  readonly guard?: string;
  /** For an `after` transition: the delay in ms, or the name of a configured delay. */
  readonly delay?: number | string;
}

/** A machine's states at every depth and the transitions between them, ready to draw. */
export interface Statechart {
  readonly id: string;
  /** The top-level state the machine starts in; absent when the machine itself is parallel. */
  readonly initial?: string;
  /** The machine itself is a parallel state: its top-level states are regions, all active at once. */
  readonly parallel: boolean;
  /** Every state, parents before their children, in definition order. */
  readonly states: readonly StatechartState[];
  readonly edges: readonly StatechartEdge[];
}

const keyOf = (node: AnyStateNode): string => node.path.join('.');

function delayOf(t: AnyTransitionDefinition): number | string | undefined {
  if (!('delay' in t)) return undefined;
  const delay = (t as { delay: unknown }).delay;
  if (typeof delay === 'number' || typeof delay === 'string') return delay;
  // A delay computed from context at run time has no value to show.
  return 'delay';
}

function stateOf(node: AnyStateNode): StatechartState {
  const parent = node.parent?.parent ? keyOf(node.parent) : undefined;
  const initialTarget = node.type === 'compound' ? node.initial?.target[0] : undefined;
  return {
    key: keyOf(node),
    name: node.key,
    ...(parent === undefined ? {} : { parent }),
    kind: node.type,
    ...(initialTarget ? { initial: keyOf(initialTarget) } : {}),
    ...(node.type === 'history' ? { history: node.history === 'deep' ? 'deep' : 'shallow' } : {}),
    ...(node.description ? { description: node.description } : {}),
  };
}

/**
 * Reads every state of a machine, nested ones included (their keys are dotted paths,
 * `parent.child`), and every transition that changes state, from its definition.
 * Targetless transitions, which only run actions, are left out; a transition on the
 * machine itself applies in every state, so it is drawn from each top-level state (final
 * ones excepted). For a flat machine the edges are exactly {@link machineGraph}'s.
 *
 * Used by {@link toMermaid}, {@link toDot}, {@link layoutMachine} and {@link toSvg}, so
 * they draw any XState v5 machine: compound and parallel states, guards, `after` delays,
 * `always` transitions, `onDone`, final and history states.
 *
 * @example
 * ```ts
 * const chart = statechartGraph(createMachine({
 *   initial: 'editing',
 *   states: { editing: { initial: 'draft', states: { draft: { on: { SAVE: 'saved' } }, saved: {} } } },
 * }));
 * chart.states.map((s) => s.key); // ['editing', 'editing.draft', 'editing.saved']
 * chart.edges; // [{ from: 'editing.draft', to: 'editing.saved', event: 'SAVE' }]
 * ```
 */
export function statechartGraph(machine: AnyStateMachine): Statechart {
  const root = machine.root;
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      nodes.push(child);
      visit(child);
    }
  };
  visit(root);

  const rootTransitions = [...root.transitions.values()].flat();
  const edges: StatechartEdge[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    const transitions = [...node.transitions.values()].flat();
    if (node.always) transitions.push(...node.always);
    if (!node.parent?.parent && node.type !== 'final') transitions.push(...rootTransitions);
    for (const t of transitions) {
      const guard = guardLabel(t.guard as GuardLike);
      const delay = delayOf(t);
      for (const target of t.target ?? []) {
        // A transition to the machine itself has no box to point at.
        if (!target.parent) continue;
        const edge: StatechartEdge = {
          from: keyOf(node),
          to: keyOf(target),
          event: t.eventType === '' ? 'always' : t.eventType,
          ...(guard ? { guard } : {}),
          ...(delay === undefined ? {} : { delay }),
        };
        const id = `${edge.from}|${edge.to}|${edge.event}|${guard ?? ''}`;
        if (seen.has(id)) continue;
        seen.add(id);
        edges.push(edge);
      }
    }
  }

  const initial = root.type === 'compound' ? root.initial?.target[0] : undefined;
  return {
    id: root.id,
    ...(initial ? { initial: keyOf(initial) } : {}),
    parallel: root.type === 'parallel',
    states: nodes.map(stateOf),
    edges,
  };
}
