import { describe, expect, it } from 'vitest';
import { INSTRUCT_PROMPT, detectContinuation, instructOverlap, messageText } from '../src/index.js';

const user = { role: 'user', content: 'Hi' };
const detect = (messages: object[], extra: { continueFinalMessage?: unknown; addGenerationPrompt?: unknown } = {}) =>
  detectContinuation({
    messages: messages as never,
    continueFinalMessage: extra.continueFinalMessage,
    addGenerationPrompt: extra.addGenerationPrompt,
  });

describe('detectContinuation', () => {
  it('plain requests continue nothing', () => {
    expect(detect([user])).toEqual({ style: 'none', conversation: [user], prefix: '' });
    // An assistant message without any marker is just part of the conversation.
    const last = { role: 'assistant', content: 'The' };
    expect(detect([user, last])).toEqual({ style: 'none', conversation: [user, last], prefix: '' });
  });

  it('vLLM: continue_final_message with add_generation_prompt false', () => {
    expect(
      detect([user, { role: 'assistant', content: 'The qu' }], { continueFinalMessage: true, addGenerationPrompt: false }),
    ).toEqual({ style: 'vllm', conversation: [user], prefix: 'The qu' });
  });

  it('vLLM: refuses what vLLM refuses', () => {
    expect(detect([user, { role: 'assistant', content: 'x' }], { continueFinalMessage: true })).toHaveProperty('error');
    expect(
      detect([user, { role: 'assistant', content: 'x' }], { continueFinalMessage: true, addGenerationPrompt: true }),
    ).toHaveProperty('error');
    expect(detect([user], { continueFinalMessage: true, addGenerationPrompt: false })).toHaveProperty('error');
  });

  it('DeepSeek: a final assistant message with prefix: true', () => {
    expect(detect([user, { role: 'assistant', content: 'The', prefix: true }])).toEqual({
      style: 'deepseek',
      conversation: [user],
      prefix: 'The',
    });
  });

  it('instruct: the partial followed by exactly INSTRUCT_PROMPT', () => {
    const messages = [user, { role: 'assistant', content: 'The quiet' }, { role: 'user', content: INSTRUCT_PROMPT }];
    expect(detect(messages)).toEqual({ style: 'instruct', conversation: [user], prefix: 'The quiet' });
    const other = [user, { role: 'assistant', content: 'The quiet' }, { role: 'user', content: 'Continue.' }];
    expect(detect(other)).toMatchObject({ style: 'none' });
    expect(detect([{ role: 'user', content: INSTRUCT_PROMPT }])).toMatchObject({ style: 'none' });
  });

  it('maps content parts and null content to text', () => {
    const parts = { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }] };
    expect(detect([parts])).toMatchObject({ conversation: [{ role: 'user', content: 'ab' }] });
    expect(messageText(null)).toBe('');
  });
});

describe('instructOverlap', () => {
  it('repeats the last words with their leading whitespace, forming a suffix of the partial', () => {
    expect(instructOverlap('The quiet river crossed our', 3)).toEqual([' river', ' crossed', ' our']);
    expect(instructOverlap('The quiet river cro', 2)).toEqual([' river', ' cro']);
    expect(instructOverlap('Hello', 3)).toEqual(['Hello']);
    expect(instructOverlap('The river. ', 1)).toEqual([' river. ']);
    expect(instructOverlap('   ', 2)).toEqual(['   ']);
    expect(instructOverlap('The river', 0)).toEqual([]);
    expect(instructOverlap('', 3)).toEqual([]);
    for (const prefix of ['a b c d', '  a\n b ', 'one, two.']) {
      expect(prefix.endsWith(instructOverlap(prefix, 2).join(''))).toBe(true);
    }
  });
});
