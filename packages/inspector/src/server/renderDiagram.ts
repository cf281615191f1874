import { toSvg } from '@switchboard/core';
import type { AnyStateMachine } from 'xstate';

/**
 * The statechart of a machine as SVG, drawn by `@switchboard/core`'s `toSvg`: each state
 * carries `data-state="<key>"` and class `sb-state`, so the page highlights the active one
 * by toggling `sb-active`. Null when the machine is not known.
 *
 * @example
 * ```ts
 * renderDiagram(new Map([['session', sessionMachine]]), 'session'); // '<svg …'
 * ```
 */
export function renderDiagram(machines: ReadonlyMap<string, AnyStateMachine>, id: string): string | null {
  const machine = machines.get(id);
  return machine ? toSvg(machine) : null;
}
