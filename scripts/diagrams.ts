/**
 * Regenerates the statechart diagrams of the docs from the real machine definitions,
 * through the code `switchboard diagram` runs: the Mermaid blocks in README.md and
 * docs/ARCHITECTURE.md, and docs/diagrams/<machine>.svg and .dot. `pnpm diagrams` rewrites
 * them; test/docs/diagrams.test.ts fails when they are stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGRAM_MACHINES, type DiagramFormat, type DiagramMachine } from '../apps/demo-cli/src/diagram/choices.js';
import { machineDiagram } from '../apps/demo-cli/src/diagram/machineDiagram.js';

const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The documents whose `<!-- diagram:<machine> -->` blocks are generated. */
export const DIAGRAM_FILES = ['README.md', 'docs/ARCHITECTURE.md'].map(fromRoot);

/** The generated files: every machine as SVG and as DOT. */
export const DIAGRAM_EXPORTS: readonly { readonly path: string; readonly machine: DiagramMachine; readonly format: DiagramFormat }[] =
  DIAGRAM_MACHINES.flatMap((machine) =>
    (['svg', 'dot'] as const).map((format) => ({ path: fromRoot(`docs/diagrams/${machine}.${format}`), machine, format })),
  );

const BLOCK = /(<!-- diagram:(\w+) -->\n)[\s\S]*?(<!-- \/diagram -->)/g;

/** The document with every diagram block replaced by the machine's current drawing. */
export function withCurrentDiagrams(text: string): string {
  return text.replace(BLOCK, (_all, open: string, name: string, close: string) => {
    if (!(DIAGRAM_MACHINES as readonly string[]).includes(name)) {
      throw new Error(`Unknown diagram "${name}": expected one of ${DIAGRAM_MACHINES.join(', ')}.`);
    }
    return `${open}\`\`\`mermaid\n${machineDiagram(name as DiagramMachine, 'mermaid')}\`\`\`\n${close}`;
  });
}

/** What a generated file must hold. */
export function currentExport(exported: (typeof DIAGRAM_EXPORTS)[number]): string {
  return machineDiagram(exported.machine, exported.format);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const update = (file: string, before: string | undefined, after: string) => {
    if (after !== before) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, after);
    }
    console.log(`${after === before ? 'up to date' : 'updated'}: ${file}`);
  };
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  for (const file of DIAGRAM_FILES) {
    const before = readFileSync(file, 'utf8');
    update(file, before, withCurrentDiagrams(before));
  }
  for (const exported of DIAGRAM_EXPORTS) update(exported.path, read(exported.path), currentExport(exported));
}
