import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuationMessages } from '../src/continuation/continuationMessages.js';
import { INSTRUCT_PROMPT } from '../src/continuation/instructPrompt.js';
import { SeamFilter } from '../src/continuation/SeamFilter.js';

const conversation = [{ role: 'user' as const, content: 'Tell me a story' }];

describe('continuationMessages', () => {
  it('sends the plain conversation for a fresh answer or a restart', () => {
    expect(continuationMessages(conversation, '', 'prefix')).toEqual({ messages: conversation, extraBody: {} });
    expect(continuationMessages(conversation, 'Once', 'restart')).toEqual({ messages: conversation, extraBody: {} });
  });

  it('uses vLLM’s continue_final_message or DeepSeek’s prefix flag', () => {
    expect(continuationMessages(conversation, 'Once upon', 'prefix', 'vllm')).toEqual({
      messages: [...conversation, { role: 'assistant', content: 'Once upon' }],
      extraBody: { continue_final_message: true, add_generation_prompt: false },
    });
    expect(continuationMessages(conversation, 'Once upon', 'prefix', 'deepseek')).toEqual({
      messages: [...conversation, { role: 'assistant', content: 'Once upon', prefix: true }],
      extraBody: {},
    });
  });

  it('asks to continue after the partial under instruct', () => {
    expect(continuationMessages(conversation, 'Once upon', 'instruct').messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'Once upon' },
      { role: 'user', content: INSTRUCT_PROMPT },
    ]);
  });
});

const run = (prefix: string, pieces: string[]) => {
  const seam = new SeamFilter(prefix);
  return pieces.map((p) => seam.push(p)).join('') + seam.end();
};

describe('SeamFilter', () => {
  it('removes the words a model repeats at the seam, however they are split', () => {
    expect(run('The quick brown fox', [' brown f', 'ox jumps', ' over'])).toBe(' jumps over');
    expect(run('The quick brown fox', ['brown fox', ' jumps'])).toBe(' jumps');
    expect(run('The quick brown fox', [' quick brown fox jumps'])).toBe(' jumps');
  });

  it('leaves a continuation that repeats nothing untouched', () => {
    expect(run('The quick brown fox', [' jumps', ' over'])).toBe(' jumps over');
    expect(run('The end.', [' x'])).toBe(' x');
  });

  it('removes a whole partial shorter than the minimum when it is repeated', () => {
    expect(run('Our', ['Our calm message.'])).toBe(' calm message.');
  });

  it('keeps short coincidences: a continuation may start like the partial ends', () => {
    expect(run('I like to', [' to', 'day'])).toBe(' today');
  });

  it('releases what it held when the stream ends inside a possible repetition', () => {
    // Held as a possible start of " brown fox", but the stream ends: nothing was repeated.
    expect(run('The quick brown fox', [' brown'])).toBe(' brown');
    // The whole tail repeated and nothing else came.
    expect(run('The quick brown fox', [' brown fox'])).toBe('');
  });

  it('recovers exactly the continuation whenever the model repeats a tail of ≥ 4 characters (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,7}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 12 }), fc.array(word, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat(), (left, right, cut, split) => {
        const prefix = left.map((w, i) => (i ? ` ${w}` : w)).join('');
        const rest = right.map((w) => ` ${w}`).join('') + '.';
        const tail = prefix.slice(-(4 + (cut % Math.max(1, prefix.length - 4))));
        const streamed = tail + rest;
        const at = split % (streamed.length + 1);
        const out = run(prefix, [streamed.slice(0, at), streamed.slice(at)]);
        // Either the repeated tail was removed, or a longer coincidental overlap was (never more than the tail + rest).
        expect(streamed.endsWith(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(rest.length);
        if (!(prefix + rest).includes(tail + tail)) expect(out).toBe(rest);
      }),
      { numRuns: 300 },
    );
  });
});
