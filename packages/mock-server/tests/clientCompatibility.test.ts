import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  SeamFilter,
  continuationMessages,
  simulatedReply,
  type ChatMessage,
  type ContinuationStrategy,
  type PrefixStyle,
} from '@switchboard/llm-adapter';
import { startMockServer, type MockServer } from '../src/index.js';
import { clientFor, drain, textOf } from './helpers.js';

// The requests here are built by the client's own continuation code, so a drift between
// what the client sends and what the mock recognises fails this suite.
const conversation: ChatMessage[] = [{ role: 'user', content: 'How do rivers reach the sea?' }];
const TOKENS = 60;
const full = simulatedReply(conversation, { tokens: TOKENS }).join('');

describe("the client's continuation requests against the mock", () => {
  let server: MockServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startMockServer({ tokens: TOKENS, tokensPerSecond: Infinity });
    client = clientFor(server);
  });
  afterAll(() => server.close());

  const cases: [ContinuationStrategy, PrefixStyle, string][] = [
    ['prefix', 'vllm', 'vllm'],
    ['prefix', 'deepseek', 'deepseek'],
    ['instruct', 'vllm', 'instruct'],
  ];
  for (const [strategy, style, recorded] of cases) {
    const cuts = [1, 33, full.indexOf(' ', 50), full.length - 1];
    for (const cut of cuts) {
      it(`${strategy}/${style} from ${cut} chars: partial + continuation = the uninterrupted reply`, async () => {
        const prefix = full.slice(0, cut);
        const { messages, extraBody } = continuationMessages(conversation, prefix, strategy, style);
        const stream = await client.chat.completions.create({
          model: 'mock',
          messages: messages as ChatCompletionMessageParam[],
          stream: true,
          ...extraBody,
        });
        const { chunks } = await drain(stream);
        let rest = textOf(chunks);
        if (strategy === 'instruct') {
          const seam = new SeamFilter(prefix);
          rest = seam.push(rest) + seam.end();
        }
        expect(prefix + rest).toBe(full);
        expect(server.requests.at(-1)).toMatchObject({ continuation: recorded, prefix });
      });
    }
  }
});
