import { createSwitchboard } from '@switchboard/core';
import { createOpenAIProvider, simulatedReply, type ContinuationStrategy, type PrefixStyle } from '@switchboard/llm-adapter';
import { startMockServer, type MockServer } from '@switchboard/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { textReaches } from '../helpers/textReaches.js';

const KEY = 'sk-test-preemption-0123456789';
const TOKENS = 60;
const uninterrupted = (text: string) => simulatedReply([{ role: 'user', content: text }], { tokens: TOKENS, seed: 0 }).join('');

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cases: Array<[ContinuationStrategy, PrefixStyle, string]> = [
  ['prefix', 'vllm', 'vllm'],
  ['prefix', 'deepseek', 'deepseek'],
  ['instruct', 'vllm', 'instruct'],
];

describe('preemption through the real openai SDK over loopback', () => {
  for (const [continuation, prefixStyle, recorded] of cases) {
    it(`${continuation}${continuation === 'prefix' ? `/${prefixStyle}` : ''}: the background stream is closed, continued from its partial, and ends as an uninterrupted run`, async () => {
      server = await startMockServer({ tokens: TOKENS, tokensPerSecond: 400, apiKey: KEY });
      const provider = createOpenAIProvider({ baseURL: server.baseURL, apiKey: KEY, model: 'mock', continuation, prefixStyle });
      const board = createSwitchboard({ provider, slots: 1 });
      const fg = board.createSession({ id: 'fg' });
      const bg = board.createSession({ id: 'bg' });
      board.switchTo(fg);

      const background = board.send(bg, 'Summarise the report');
      await textReaches(background, 40);
      const foreground = board.send(fg, 'Quick question');
      expect(board.session(bg).state).toBe('suspended');
      const partial = board.session(bg).turn!.partial;

      // The server sees the background request's connection closed, well before its end.
      await server.waitFor((requests) => requests[0]?.state === 'closed-by-client');
      const closed = server.requests[0]!;
      expect(closed.chunksSent).toBeLessThan(TOKENS);

      await board.whenIdle();
      expect((await foreground.result).content).toBe(uninterrupted('Quick question'));
      expect((await background.result).content).toBe(uninterrupted('Summarise the report'));
      const resumed = server.requests.find((r) => r.prefix !== '');
      expect(resumed).toMatchObject({ continuation: recorded, prefix: partial });
      expect(board.stats()).toMatchObject({ preemptions: 1, resumes: 1, completions: 2, retries: 0 });
      board.stop();
    });
  }

  it('restart: the answer is regenerated and reported as replaced', async () => {
    server = await startMockServer({ tokens: TOKENS, tokensPerSecond: 400 });
    const provider = createOpenAIProvider({ baseURL: server.baseURL, model: 'mock', continuation: 'restart' });
    const board = createSwitchboard({ provider, slots: 1 });
    const fg = board.createSession({ id: 'fg' });
    const bg = board.createSession({ id: 'bg' });
    board.switchTo(fg);
    const background = board.send(bg, 'Summarise the report');
    const kinds: string[] = [];
    background.events$.subscribe((e) => kinds.push(e.type));
    await textReaches(background, 20);
    board.send(fg, 'Quick question');
    await board.whenIdle();
    expect((await background.result).content).toBe(uninterrupted('Summarise the report'));
    expect(kinds).toContain('replaced');
    expect(server.requests.every((r) => r.prefix === '')).toBe(true);
    board.stop();
  });
});
