import type { AnyStateMachine } from 'xstate';
import { childrenByContainer, isWithin, ROOT } from './hierarchy.js';
import { statechartGraph, type StatechartState } from './statechartGraph.js';
import { transitionLabel } from './transitionLabel.js';

/** A DOT string literal: quoted, with quotes, backslashes and line breaks escaped. */
const dotString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/\r?\n/g, '\\n')}"`;

/** The initial pseudo-state of a container: `[*]` for the machine, `editing.[*]` inside `editing`. */
const startOf = (container: string) => (container === ROOT ? '[*]' : `${container}.[*]`);

/**
 * Draws a machine as a Graphviz DOT digraph, from its real definition; render it with
 * `dot -Tsvg`. States are rounded boxes named by their key (`editing.draft` when nested),
 * final states have a double border, the initial state is pointed at from a dot, compound
 * and parallel states are clusters (`cluster_<key>`; a parallel state's regions are dashed),
 * and each transition is labelled `EVENT [guard]`. A transition to or from a compound state
 * is drawn to its cluster's border (`compound=true` with `lhead`/`ltail`). The output is
 * deterministic: definition order, no generated ids.
 *
 * @example
 * ```ts
 * writeFileSync('session.dot', toDot(sessionMachine)); // then: dot -Tsvg session.dot > session.svg
 * ```
 */
export function toDot(machine: AnyStateMachine): string {
  const chart = statechartGraph(machine);
  const children = childrenByContainer(chart);
  const byKey = new Map(chart.states.map((s) => [s.key, s]));
  const isContainer = (state: StatechartState | undefined) => state?.kind === 'compound' || state?.kind === 'parallel';

  // Graphviz joins nodes, not clusters: an edge to a compound state goes to a leaf inside
  // it and is clipped at the cluster's border.
  const leafOf = (key: string, entering: boolean): string => {
    const state = byKey.get(key);
    if (!isContainer(state)) return key;
    const first = entering && state!.kind === 'compound' ? state!.initial : undefined;
    return leafOf(first ?? children.get(key)![0]!.key, entering);
  };

  const lines = [
    `digraph ${dotString(chart.id)} {`,
    '  graph [rankdir=LR, compound=true, fontname="Helvetica", fontsize=12, nodesep=0.35, ranksep=0.5];',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=12, height=0.4];',
    '  edge [fontname="Helvetica", fontsize=10, arrowsize=0.7];',
  ];

  const drawContainer = (container: string, initial: string | undefined, indent: string) => {
    if (initial) {
      lines.push(`${indent}${dotString(startOf(container))} [shape=point, width=0.12, label=""];`);
      const head = isContainer(byKey.get(initial)) ? `, lhead=${dotString(`cluster_${initial}`)}` : '';
      lines.push(`${indent}${dotString(startOf(container))} -> ${dotString(leafOf(initial, true))} [arrowsize=0.6${head}];`);
    }
    for (const state of children.get(container) ?? []) {
      if (isContainer(state)) {
        const region = byKey.get(container)?.kind === 'parallel';
        const style = region ? 'dashed' : 'rounded';
        const label = state.kind === 'parallel' ? `${state.name} (parallel)` : state.name;
        lines.push(`${indent}subgraph ${dotString(`cluster_${state.key}`)} {`);
        lines.push(`${indent}  label=${dotString(label)}; style=${dotString(style)}; labeljust=l;`);
        if (state.description) lines.push(`${indent}  tooltip=${dotString(state.description)};`);
        drawContainer(state.key, state.initial, `${indent}  `);
        lines.push(`${indent}}`);
        continue;
      }
      const attributes = [`label=${dotString(state.name)}`];
      if (state.kind === 'final') attributes.push('peripheries=2');
      if (state.kind === 'history') {
        attributes.splice(0, 1, `label=${dotString(state.history === 'deep' ? 'H*' : 'H')}`, 'shape=circle', 'style=solid', 'width=0.35', 'fixedsize=true');
        attributes.push(`xlabel=${dotString(state.name)}`);
      }
      if (state.description) attributes.push(`tooltip=${dotString(state.description)}`);
      lines.push(`${indent}${dotString(state.key)} [${attributes.join(', ')}];`);
    }
  };
  drawContainer(ROOT, chart.initial, '  ');

  for (const edge of chart.edges) {
    const attributes = [`label=${dotString(transitionLabel(edge))}`];
    // No clipping at a cluster that holds the other end: Graphviz would drop the edge's end.
    if (isContainer(byKey.get(edge.from)) && !isWithin(edge.to, edge.from)) attributes.push(`ltail=${dotString(`cluster_${edge.from}`)}`);
    if (isContainer(byKey.get(edge.to)) && !isWithin(edge.from, edge.to)) attributes.push(`lhead=${dotString(`cluster_${edge.to}`)}`);
    lines.push(`  ${dotString(leafOf(edge.from, false))} -> ${dotString(leafOf(edge.to, true))} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
