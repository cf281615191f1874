import type { AnyStateMachine } from 'xstate';
import { childrenByContainer, edgeScope, ROOT } from './hierarchy.js';
import { statechartGraph, type StatechartEdge, type StatechartState } from './statechartGraph.js';
import { transitionLabel } from './transitionLabel.js';

/** Mermaid ids are plain words: dotted keys become `parent_child`, made unique if two collide. */
function mermaidIds(states: readonly StatechartState[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const state of states) {
    const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(state.key) ? state.key : state.key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d|$)/, 's_');
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(state.key, id);
  }
  return ids;
}

/** Mermaid's entity codes for the characters that would end a name or a label, or be read as HTML. */
const mermaidText = (text: string) =>
  text.replace(/[#"<>;]/g, (c) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', ';': '#59;' })[c]!);
const quoted = (text: string) => `"${mermaidText(text)}"`;

/**
 * Draws a machine as a Mermaid `stateDiagram-v2`, from its real definition. Nested states
 * become composite states (`state editing { … }`), the regions of a parallel state are
 * separated by `--`, and every transition is written inside the innermost composite that
 * holds both its ends. For a flat machine: one line per transition, as in the docs.
 *
 * @example
 * ```ts
 * console.log(toMermaid(sessionMachine));
 * // stateDiagram-v2
 * //   [*] --> idle
 * //   idle --> queued : SEND
 * //   …
 * ```
 */
export function toMermaid(machine: AnyStateMachine): string {
  const chart = statechartGraph(machine);
  const ids = mermaidIds(chart.states);
  const id = (key: string) => ids.get(key)!;
  const children = childrenByContainer(chart);
  const edgesIn = new Map<string, StatechartEdge[]>();
  for (const edge of chart.edges) {
    const { container } = edgeScope(edge);
    edgesIn.set(container, [...(edgesIn.get(container) ?? []), edge]);
  }
  const lines = ['stateDiagram-v2'];

  const drawScope = (container: string, initial: string | undefined, parallel: boolean, indent: string) => {
    const edges = edgesIn.get(container) ?? [];
    const inside = children.get(container) ?? [];
    const named = new Set([...edges.flatMap((e) => [e.from, e.to]), ...(initial ? [initial] : [])]);
    // Names and composites first, so that every state is declared before a transition uses it.
    inside.forEach((state, i) => {
      if (parallel && i > 0) lines.push(`${indent}--`);
      const name = state.kind === 'history' ? `${state.name} (history${state.history === 'deep' ? ', deep' : ''})` : state.name;
      if (name !== id(state.key)) lines.push(`${indent}state ${quoted(name)} as ${id(state.key)}`);
      if (state.kind === 'compound' || state.kind === 'parallel') {
        lines.push(`${indent}state ${id(state.key)} {`);
        drawScope(state.key, state.initial, state.kind === 'parallel', `${indent}  `);
        lines.push(`${indent}}`);
      } else if (name === id(state.key) && !named.has(state.key) && state.kind !== 'final') {
        // Mentioned nowhere else: without this line it would not be drawn at all.
        lines.push(`${indent}${id(state.key)}`);
      }
    });
    if (initial) lines.push(`${indent}[*] --> ${id(initial)}`);
    for (const edge of edges) lines.push(`${indent}${id(edge.from)} --> ${id(edge.to)} : ${mermaidText(transitionLabel(edge))}`);
    for (const state of inside) if (state.kind === 'final') lines.push(`${indent}${id(state.key)} --> [*]`);
  };

  drawScope(ROOT, chart.initial, chart.parallel, '  ');
  return lines.join('\n') + '\n';
}
