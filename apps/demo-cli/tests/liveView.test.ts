import { describe, expect, it } from 'vitest';
import { LiveView } from '../src/demo/LiveView.js';

function view(width = 40) {
  let out = '';
  return { live: new LiveView({ write: (text: string) => (out += text) }, width), output: () => out };
}

describe('LiveView', () => {
  it('ends an open text line before a state line, and re-opens it with its prefix', () => {
    const { live, output } = view();
    live.text('a', 'a ▸ ', 'The quiet');
    live.text('a', 'a ▸ ', ' river');
    live.line('0.41s  b  streaming → suspended');
    live.text('a', 'a ▸ ', ' crossed.');
    live.close();
    expect(output()).toBe('a ▸ The quiet river\n0.41s  b  streaming → suspended\na ▸ crossed.\n');
  });

  it('starts a new prefixed line when another session speaks', () => {
    const { live, output } = view();
    live.text('a', 'a ▸ ', 'One');
    live.text('b', 'b ▸ ', 'Two');
    live.close();
    expect(output()).toBe('a ▸ One\nb ▸ Two\n');
  });

  it('wraps at word boundaries under the prefix, without a leading space', () => {
    const { live, output } = view(20);
    live.text('a', '>> ', 'one two three four five six');
    live.close();
    expect(output()).toBe('>> one two three\n   four five six\n');
    for (const row of output().split('\n')) expect(row.length).toBeLessThanOrEqual(20);
  });

  it('measures the prefix by its visible width and paints only the text', () => {
    const { live, output } = view(20);
    live.text('a', '\u001b[1ma\u001b[22m ▸ ', 'alpha beta gamma delta', { prefixWidth: 4, paint: (t) => `<${t}>` });
    live.close();
    expect(output()).toBe('\u001b[1ma\u001b[22m ▸ <alpha>< beta>< gamma>\n    <delta>\n');
  });

  it('does nothing on close when no text line is open', () => {
    const { live, output } = view();
    live.close();
    live.line('x');
    live.close();
    expect(output()).toBe('x\n');
  });
});
