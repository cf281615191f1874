import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGRAM_FILES, withCurrentDiagrams } from '../../scripts/diagrams.js';

describe('diagrams in the docs', () => {
  for (const file of DIAGRAM_FILES) {
    it(`${file.split('/').slice(-2).join('/')} shows the machines as they are (run \`pnpm diagrams\` if not)`, () => {
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/<!-- diagram:\w+ -->/);
      expect(withCurrentDiagrams(text)).toBe(text);
    });
  }
});
