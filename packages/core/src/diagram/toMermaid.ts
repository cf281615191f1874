import type { AnyStateMachine } from 'xstate';
import { machineGraph } from './machineGraph.js';

/**
 * Draws a machine as a Mermaid `stateDiagram-v2`, from its real definition.
 *
 * @example
 * ```ts
 * console.log(toMermaid(sessionMachine));
 * ```
 */
export function toMermaid(machine: AnyStateMachine): string {
  const graph = machineGraph(machine);
  const lines = ['stateDiagram-v2', `  [*] --> ${graph.initial}`];
  for (const edge of graph.edges) {
    const label = edge.guard ? `${edge.event} [${edge.guard}]` : edge.event;
    lines.push(`  ${edge.from} --> ${edge.to} : ${label}`);
  }
  for (const state of graph.states) if (state.final) lines.push(`  ${state.key} --> [*]`);
  return lines.join('\n') + '\n';
}
