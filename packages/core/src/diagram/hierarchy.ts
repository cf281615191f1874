import type { Statechart, StatechartEdge, StatechartState } from './statechartGraph.js';

/** The machine itself, as the container of the top-level states. */
export const ROOT = '';

/** The states directly inside each container (`ROOT` for the top level), in definition order. */
export function childrenByContainer(chart: Statechart): Map<string, StatechartState[]> {
  const children = new Map<string, StatechartState[]>([[ROOT, []]]);
  for (const state of chart.states) {
    if (state.kind === 'compound' || state.kind === 'parallel') children.set(state.key, []);
  }
  for (const state of chart.states) children.get(state.parent ?? ROOT)?.push(state);
  return children;
}

/**
 * Where a transition is drawn: the innermost container holding both ends strictly inside
 * it, and the ends lifted to that container's children (`from` and `to` equal for a
 * self-transition, or for one between a state and its own descendant).
 */
export function edgeScope(edge: Pick<StatechartEdge, 'from' | 'to'>): { container: string; from: string; to: string } {
  const a = edge.from.split('.');
  const b = edge.to.split('.');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const depth = Math.min(common, a.length - 1, b.length - 1);
  return {
    container: a.slice(0, depth).join('.'),
    from: a.slice(0, depth + 1).join('.'),
    to: b.slice(0, depth + 1).join('.'),
  };
}

/** Whether `key` is `container` or inside it. */
export function isWithin(key: string, container: string): boolean {
  return container === ROOT || key === container || key.startsWith(`${container}.`);
}
