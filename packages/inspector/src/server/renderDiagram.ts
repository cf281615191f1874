import * as core from '@switchboard/core';
import type { AnyStateMachine } from 'xstate';

type ToSvg = (machine: AnyStateMachine, options?: { active?: string[] }) => string;

// `toSvg` is being added to @switchboard/core; until it is there, diagrams are simply absent.
const toSvg = (core as unknown as Record<string, unknown>)['toSvg'] as ToSvg | undefined;

/**
 * The statechart of a machine as SVG, drawn by `@switchboard/core`'s `toSvg`: each state
 * carries `data-state="<key>"` and class `sb-state`, so the page highlights the active one
 * by toggling `sb-active`. Null when the machine is not known (or no renderer exists).
 *
 * @example
 * ```ts
 * renderDiagram(new Map([['session', sessionMachine]]), 'session'); // '<svg …'
 * ```
 */
export function renderDiagram(machines: ReadonlyMap<string, AnyStateMachine>, id: string): string | null {
  const machine = machines.get(id);
  if (!machine || !toSvg) return null;
  return toSvg(machine);
}
