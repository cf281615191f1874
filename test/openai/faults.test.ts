import { TurnFailedError, createSwitchboard, type Switchboard } from '@switchboard/core';
import { createOpenAIProvider, simulatedReply } from '@switchboard/llm-adapter';
import { startMockServer, type FaultStep, type MockServer } from '@switchboard/mock-server';
import { afterEach, describe, expect, it } from 'vitest';

const KEY = 'sk-test-faults-abcdefghijklmnop';
const TOKENS = 30;
const uninterrupted = (text: string) => simulatedReply([{ role: 'user', content: text }], { tokens: TOKENS, seed: 0 }).join('');

let server: MockServer | undefined;
let board: Switchboard | undefined;
afterEach(async () => {
  board?.stop();
  await server?.close();
  server = board = undefined;
});

async function runWith(faults: FaultStep[], options: { maxRetries?: number; apiKey?: string } = {}) {
  server = await startMockServer({ tokens: TOKENS, tokensPerSecond: 2000, apiKey: KEY, faults });
  const provider = createOpenAIProvider({ baseURL: server.baseURL, apiKey: options.apiKey ?? KEY, model: 'mock', continuation: 'prefix' });
  board = createSwitchboard({
    provider,
    stallTimeoutMs: 300,
    backoff: { baseMs: 5, maxMs: 20, jitter: 0 },
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
  const session = board.createSession({ id: 'a' });
  const reply = board.send(session, 'Explain the fault');
  const outcome = await reply.result.then(
    (answer) => ({ answer, error: null }),
    (error: TurnFailedError) => ({ answer: null, error }),
  );
  return { outcome, board, server };
}

const recoverable: Array<[string, FaultStep]> = [
  ['a dropped connection', { kind: 'drop', afterChunks: 7 }],
  ['a malformed chunk', { kind: 'malformed', afterChunks: 7 }],
  ['a stalled stream', { kind: 'stall', afterChunks: 7 }],
  ['a 429 with Retry-After', { kind: 'status', status: 429, retryAfterSeconds: 0 }],
  ['a 500', { kind: 'status', status: 500 }],
  ['a 503', { kind: 'status', status: 503 }],
];

describe('provider faults through the real SDK', () => {
  for (const [name, fault] of recoverable) {
    it(`recovers from ${name}: complete text, nothing repeated`, async () => {
      const { outcome, board, server } = await runWith([fault]);
      expect(outcome.error).toBeNull();
      expect(outcome.answer!.content).toBe(uninterrupted('Explain the fault'));
      expect(board.stats()).toMatchObject({ retries: 1, failures: 0, completions: 1 });
      expect(server.requests).toHaveLength(2);
      if (fault.kind !== 'status') {
        // The retry continued from what had arrived, not from the start.
        expect(server.requests[1]!.prefix.length).toBeGreaterThan(0);
        expect(uninterrupted('Explain the fault').startsWith(server.requests[1]!.prefix)).toBe(true);
      }
      if (fault.kind === 'stall') expect(server.requests[0]!.state).toBe('closed-by-client');
    });
  }

  it('fails when attempts run out, keeping the partial and a clear error', async () => {
    const drops: FaultStep[] = [1, 2, 3].map(() => ({ kind: 'drop', afterChunks: 4 }));
    const { outcome, board } = await runWith(drops, { maxRetries: 2 });
    expect(outcome.error).toBeInstanceOf(TurnFailedError);
    expect(outcome.error!.kind).toBe('network');
    expect(outcome.error!.message).toMatch(/connection (dropped|closed) before the answer was finished; gave up after 2 retries/);
    expect(outcome.error!.partial.length).toBeGreaterThan(0);
    expect(uninterrupted('Explain the fault').startsWith(outcome.error!.partial)).toBe(true);
    expect(board.session('a')).toMatchObject({ state: 'failed' });
    expect(board.session('a').messages.at(-1)).toMatchObject({ status: 'failed', content: outcome.error!.partial });
  });

  it('fails a 401 at once, with a message about the key', async () => {
    const { outcome, board, server } = await runWith([], { apiKey: 'sk-wrong-key-zyxwvutsrq' });
    expect(outcome.error!.kind).toBe('auth');
    expect(outcome.error!.message).toMatch(/refused the API key \(401\): set OPENAI_API_KEY/);
    expect(board.stats().retries).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(outcome.error!.message).not.toContain('sk-wrong-key-zyxwvutsrq');
  });

  it('fails a 404 at once, naming the model and the base URL', async () => {
    server = await startMockServer({ tokens: TOKENS, models: ['real-model'] });
    const provider = createOpenAIProvider({ baseURL: server.baseURL, apiKey: KEY, model: 'no-such-model' });
    board = createSwitchboard({ provider });
    const reply = board.send(board.createSession(), 'hello');
    const error = await reply.result.then(() => null, (e: TurnFailedError) => e);
    expect(error!.kind).toBe('not_found');
    expect(error!.message).toMatch(/"no-such-model".*--model.*base URL/);
  });

  it('fails a 400 at once with the server’s reason', async () => {
    const { outcome, board } = await runWith([{ kind: 'status', status: 400 }]);
    expect(outcome.error!.kind).toBe('bad_request');
    expect(board.stats().retries).toBe(0);
  });

  it('never lets the API key reach errors, snapshots, stats or transitions', async () => {
    const { outcome, board } = await runWith([{ kind: 'drop', afterChunks: 3 }, { kind: 'status', status: 500 }]);
    expect(outcome.answer).not.toBeNull();
    const seen = JSON.stringify({ sessions: board.sessions(), stats: board.stats(), scheduler: board.scheduler() });
    expect(seen).not.toContain(KEY);
    board.stop();
    await server!.close();
    const wrong = await runWith([], { apiKey: 'sk-leaky-key-1234567890' });
    const everything = JSON.stringify({
      error: { message: wrong.outcome.error!.message, partial: wrong.outcome.error!.partial },
      sessions: wrong.board.sessions(),
    });
    expect(everything).not.toContain('sk-leaky-key-1234567890');
  });
});
