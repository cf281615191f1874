import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentExport, DIAGRAM_EXPORTS, DIAGRAM_FILES, withCurrentDiagrams } from '../../scripts/diagrams.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('diagrams in the docs', () => {
  for (const file of DIAGRAM_FILES) {
    it(`${relative(root, file)} shows the machines as they are (run \`pnpm diagrams\` if not)`, () => {
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/<!-- diagram:\w+ -->/);
      expect(withCurrentDiagrams(text)).toBe(text);
    });
  }

  for (const exported of DIAGRAM_EXPORTS) {
    it(`${relative(root, exported.path)} is the ${exported.machine} machine as it is (run \`pnpm diagrams\` if not)`, () => {
      expect(existsSync(exported.path), `${relative(root, exported.path)} is missing: run \`pnpm diagrams\``).toBe(true);
      expect(readFileSync(exported.path, 'utf8')).toBe(currentExport(exported));
    });
  }

  it('exports both machines in both formats, SVGs with a state element per state', () => {
    expect(DIAGRAM_EXPORTS.map((e) => relative(root, e.path))).toEqual([
      'docs/diagrams/session.svg',
      'docs/diagrams/session.dot',
      'docs/diagrams/scheduler.svg',
      'docs/diagrams/scheduler.dot',
    ]);
    const svg = currentExport(DIAGRAM_EXPORTS[0]!);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const state of ['idle', 'queued', 'streaming', 'suspended', 'resuming', 'failed']) expect(svg).toContain(`data-state="${state}"`);
  });
});
