import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/TESTING.md', () => {
  it('shows the example that test/examples/testingKit.example.test.ts runs', () => {
    const example = read('test/examples/testingKit.example.test.ts').split('\n').slice(2).join('\n').trimEnd();
    expect(read('docs/TESTING.md')).toContain(`\`\`\`ts\n${example}\n\`\`\``);
  });
});
