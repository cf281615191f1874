import type { AnyStateMachine, EventObject, Snapshot } from 'xstate';
import { machineGraph } from '../../diagram/machineGraph.js';
import { edgeKey, edgesOf, graphEdgeIndex, topState } from './graphEdges.js';
import { isTraced, traceStep } from './traceStep.js';
import type { GraphEdge, PathCoverage } from './types.js';
import type { StatePath } from 'xstate/graph';

/**
 * The `machineGraph` edges each step of a path takes. Steps are re-run through the machine
 * rather than inferred from state values, because one event can leave a state by different
 * guarded branches to the same target, and eventless (`always`) transitions leave no event.
 *
 * @example
 * ```ts
 * for (const taken of pathEdges(path, sessionMachine)) console.log(taken.map(edgeKey));
 * ```
 */
export function pathEdges(path: StatePath<Snapshot<unknown>, EventObject>, machine: AnyStateMachine): GraphEdge[][] {
  const edges: GraphEdge[][] = [];
  for (let i = 1; i < path.steps.length; i++) {
    const { event, state } = path.steps[i]!;
    const transitions = isTraced(state) ? state.taken : traceStep(machine, path.steps[i - 1]!.state, event).transitions;
    edges.push(edgesOf(transitions, topState((path.steps[i - 1]!.state as { value?: unknown }).value)));
  }
  return edges;
}

/**
 * Which states and which state-changing transitions of `machineGraph(machine)` the paths
 * exercise. Use it to prove a path set complete, or to see what a hand-written set misses.
 *
 * @example
 * ```ts
 * const report = coverage(sessionPaths(), sessionMachine);
 * report.transitions; // { covered: 26, total: 26, missing: [] }
 * ```
 */
export function coverage(paths: readonly StatePath<Snapshot<unknown>, EventObject>[], machine: AnyStateMachine): PathCoverage {
  const graph = machineGraph(machine);
  const index = graphEdgeIndex(machine);
  const states = new Set<string>();
  const taken = new Set<string>();
  for (const path of paths) {
    for (const step of path.steps) states.add(topState((step.state as { value?: unknown }).value));
    for (const edges of pathEdges(path, machine)) for (const edge of edges) taken.add(edgeKey(edge));
  }
  const missingStates = graph.states.map((s) => s.key).filter((key) => !states.has(key));
  const missingEdges = [...index].filter(([key]) => !taken.has(key)).map(([, edge]) => edge);
  return {
    states: { covered: graph.states.length - missingStates.length, total: graph.states.length, missing: missingStates },
    transitions: { covered: index.size - missingEdges.length, total: index.size, missing: missingEdges },
  };
}

/**
 * One line per measure, for test logs.
 *
 * @example
 * ```ts
 * console.log(formatCoverage('session', coverage(paths, sessionMachine)));
 * // session: states 6/6, transitions 26/26
 * ```
 */
export function formatCoverage(name: string, report: PathCoverage): string {
  const missing = [
    ...report.states.missing.map((s) => `state ${s}`),
    ...report.transitions.missing.map((e) => `${e.from} —${e.event}${e.guard ? ` [${e.guard}]` : ''}→ ${e.to}`),
  ];
  return (
    `${name}: states ${report.states.covered}/${report.states.total}, transitions ${report.transitions.covered}/${report.transitions.total}` +
    (missing.length ? `; missing ${missing.join(', ')}` : '')
  );
}
