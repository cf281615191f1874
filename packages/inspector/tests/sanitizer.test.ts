import { describe, expect, it } from 'vitest';
import { createSanitizer } from '../src/index.js';

describe('createSanitizer', () => {
  it('redacts secrets before cutting, so a cut never leaves part of one', () => {
    const clean = createSanitizer({ maxTextChars: 12, secrets: ['sk-abcdefghijkl'] });
    expect(clean.text('key: sk-abcdefghijkl and more')).toBe('key: [redact…');
    expect(clean.text('short')).toBe('short');
  });

  it('drops credentials by key, names actor refs, survives cycles and deep values', () => {
    const clean = createSanitizer({ secrets: ['topsecret'] }, () => 'research');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const ref = { id: 'x', sessionId: 'x:1', send() {} };
    expect(clean.value({ apiKey: 'k', Authorization: 'b', provider: { x: 1 }, ref, cyclic, fn: () => 1, n: NaN })).toEqual({
      apiKey: '[redacted]',
      Authorization: '[redacted]',
      provider: '[redacted]',
      ref: { $actor: 'research' },
      cyclic: { a: 1, self: '[circular]' },
      n: 'NaN',
    });
    expect(clean.value({ topsecret: 1 })).toEqual({ '[redacted]': 1 });
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(JSON.stringify(clean.value(deep))).toContain('[…]');
  });

  it('shows an error by name and message, never its stack', () => {
    const clean = createSanitizer({ secrets: ['topsecret'] });
    const value = clean.value(new Error('failed with topsecret')) as Record<string, unknown>;
    expect(value).toEqual({ name: 'Error', message: 'failed with [redacted]' });
  });

  it('catches a secret in its JSON-escaped form in the last pass', () => {
    const clean = createSanitizer({ secrets: ['ab"cd\\ef'] });
    expect(clean.json(JSON.stringify({ raw: 'ab"cd\\ef' }))).toBe('{"raw":"[redacted]"}');
  });

  it('refuses a negative limit with a clear message', () => {
    expect(() => createSanitizer({ maxTextChars: -1 })).toThrow(/maxTextChars must be a whole number/);
  });
});
