import { schedulerMachine, sessionMachine, toDot, toMermaid, toSvg } from '@switchboard/core';
import type { DiagramFormat, DiagramMachine } from './choices.js';

const MACHINES = { session: sessionMachine, scheduler: schedulerMachine } as const;
const DRAW: Record<DiagramFormat, (machine: Parameters<typeof toMermaid>[0]) => string> = {
  mermaid: toMermaid,
  dot: toDot,
  svg: (machine) => toSvg(machine),
};

/**
 * One of Switchboard's machines drawn from its real definition: what `switchboard diagram`
 * prints and what `pnpm diagrams` writes into the docs, so the two never differ.
 *
 * @example
 * ```ts
 * machineDiagram('scheduler', 'dot'); // 'digraph "scheduler" {…'
 * ```
 */
export function machineDiagram(machine: DiagramMachine, format: DiagramFormat): string {
  return DRAW[format](MACHINES[machine]);
}
