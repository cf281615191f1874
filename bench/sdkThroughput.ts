/**
 * Benchmark: chunks per second from the mock server over loopback, read by a bare `for await`
 * over the openai SDK's stream vs the same stream through our OpenAI provider and a session
 * actor, interleaved in the same run.
 *
 * Run alone with `node --import tsx bench/sdkThroughput.ts`.
 */
import { createSwitchboard } from '@switchboard/core';
import { createOpenAIProvider } from '@switchboard/llm-adapter';
import { startMockServer } from '@switchboard/mock-server';
import OpenAI from 'openai';
import { isMain, median, now, runStandalone, settle, sinceNs, times, type NotedRow } from './support.js';

const TOKENS = 20_000;
const WARM_UP = 2;
const REPETITIONS = 9;
const QUESTION = 'Stream as fast as you can';

export async function benchSdkThroughput(): Promise<NotedRow[]> {
  const server = await startMockServer({ tokens: TOKENS, tokensPerSecond: Infinity });
  const client = new OpenAI({ apiKey: 'bench', baseURL: server.baseURL, maxRetries: 0 });
  const provider = createOpenAIProvider({ apiKey: 'bench', baseURL: server.baseURL, model: 'mock' });
  const messages = [{ role: 'user' as const, content: QUESTION }];

  const bare = async () => {
    const start = now();
    let text = '';
    const stream = await client.chat.completions.create({ model: 'mock', messages, stream: true });
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    return { ns: sinceNs(start), text };
  };
  const ours = async () => {
    const board = createSwitchboard({ provider });
    const session = board.createSession();
    const start = now();
    const { content } = await board.send(session, QUESTION).result;
    const ns = sinceNs(start);
    board.stop();
    return { ns, text: content };
  };

  const bareNs: number[] = [];
  const oursNs: number[] = [];
  try {
    for (let i = 0; i < WARM_UP + REPETITIONS; i++) {
      await settle();
      const [b, o] = i % 2 === 0 ? [await bare(), await ours()] : await ours().then(async (o) => [await bare(), o] as const);
      if (b.text !== o.text) throw new Error(`the two readers got different text (${b.text.length} vs ${o.text.length} chars)`);
      if (i >= WARM_UP) {
        bareNs.push(b.ns);
        oursNs.push(o.ns);
      }
    }
  } finally {
    await server.close();
  }
  const perSecond = (ns: number) => `${Math.round((TOKENS / ns) * 1e9).toLocaleString('en-US')} chunks/s`;
  const ratio = median(oursNs) / median(bareNs);
  return [
    {
      name: `OpenAI provider + session actor vs bare SDK for-await, ${TOKENS.toLocaleString('en-US')} chunks from the mock server`,
      value: perSecond(median(oursNs)),
      baseline: perSecond(median(bareNs)),
      ratio: times(ratio),
      target: '≤ 1.10× (stretch < 1.00×)',
      ok: ratio <= 1.1,
      method:
        `the mock server streams a ${TOKENS}-chunk reply with no delay over loopback HTTP. Baseline: the openai SDK's ` +
        '`chat.completions.create({ stream: true })` read with a bare `for await`. Ours: `createOpenAIProvider` (the SDK makes ' +
        'the request, our SSE reader parses the body) feeding a session actor through `createSwitchboard`, timed from `send()` ' +
        `to the settled result. ABBA-interleaved, ${WARM_UP} warm-ups, median of ${REPETITIONS}; ratio = ours ÷ bare time.`,
    },
  ];
}

if (isMain(import.meta.url)) await runStandalone(benchSdkThroughput);
