/**
 * Regenerates the statechart diagrams embedded in the docs from the real machine
 * definitions. `pnpm diagrams` rewrites them; test/docs/diagrams.test.ts fails when they
 * are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schedulerMachine, sessionMachine, toMermaid } from '@switchboard/core';

export const DIAGRAM_FILES = ['README.md', 'docs/ARCHITECTURE.md'].map((f) => fileURLToPath(new URL(`../${f}`, import.meta.url)));

const machines = { session: sessionMachine, scheduler: schedulerMachine } as const;
const BLOCK = /(<!-- diagram:(\w+) -->\n)[\s\S]*?(<!-- \/diagram -->)/g;

/** The document with every diagram block replaced by the machine's current drawing. */
export function withCurrentDiagrams(text: string): string {
  return text.replace(BLOCK, (_all, open: string, name: string, close: string) => {
    const machine = machines[name as keyof typeof machines];
    if (!machine) throw new Error(`Unknown diagram "${name}": expected one of ${Object.keys(machines).join(', ')}.`);
    return `${open}\`\`\`mermaid\n${toMermaid(machine)}\`\`\`\n${close}`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of DIAGRAM_FILES) {
    const before = readFileSync(file, 'utf8');
    const after = withCurrentDiagrams(before);
    if (after !== before) writeFileSync(file, after);
    console.log(`${after === before ? 'up to date' : 'updated'}: ${file}`);
  }
}
