import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { simulatedReply, type ChatMessage } from '@switchboard/llm-adapter';
import { startMockServer, type MockServer } from '../src/index.js';
import { clientFor, contentChunks, conversation, drain, textOf } from './helpers.js';

const asChat = conversation as ChatMessage[];
let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const streamOnce = (s: MockServer, signal?: AbortSignal) =>
  clientFor(s).chat.completions.create(
    { model: 'mock', messages: conversation, stream: true },
    signal === undefined ? {} : { signal },
  );

describe('scripted faults as the openai SDK sees them', () => {
  it('429 with Retry-After becomes RateLimitError, then 500 InternalServerError, then ok', async () => {
    server = await startMockServer({ tokensPerSecond: Infinity });
    server.script([{ kind: 'status', status: 429, retryAfterSeconds: 2 }, { kind: 'status', status: 500 }]);
    const first = await streamOnce(server).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);
    expect((first as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('2');
    expect((first as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
    const second = await streamOnce(server).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(OpenAI.InternalServerError);
    const third = await drain(await streamOnce(server));
    expect(textOf(third.chunks)).toBe(simulatedReply(asChat, { tokens: 48 }).join(''));
    expect(server.requests.map((r) => [r.fault.kind, r.state])).toEqual([
      ['status', 'faulted'],
      ['status', 'faulted'],
      ['ok', 'finished'],
    ]);
  });

  it('drop: the SDK yields k content chunks and then the iteration throws', async () => {
    server = await startMockServer({ tokensPerSecond: Infinity, faults: [{ kind: 'drop', afterChunks: 5 }] });
    const { chunks, error } = await drain(await streamOnce(server));
    expect(error).toBeInstanceOf(Error);
    expect(contentChunks(chunks)).toHaveLength(5);
    expect(textOf(chunks)).toBe(simulatedReply(asChat, { tokens: 48 }).slice(0, 5).join(''));
    await server.waitFor((r) => r[0]?.state === 'faulted');
    expect(server.requests[0]!.chunksSent).toBe(5);
  });

  it('malformed: the SDK throws while parsing the truncated chunk', async () => {
    server = await startMockServer({ tokensPerSecond: Infinity, faults: [{ kind: 'malformed', afterChunks: 4 }] });
    const { chunks, error } = await drain(await streamOnce(server));
    expect(error).toBeInstanceOf(SyntaxError);
    expect(contentChunks(chunks)).toHaveLength(4);
    expect(server.requests[0]).toMatchObject({ state: 'faulted', chunksSent: 4 });
  });

  it('stall: nothing after k chunks until the client aborts, recorded as closed-by-client', async () => {
    server = await startMockServer({ tokensPerSecond: Infinity, faults: [{ kind: 'stall', afterChunks: 3 }] });
    const controller = new AbortController();
    const stream = await streamOnce(server, controller.signal);
    const iterator = stream[Symbol.asyncIterator]();
    let content = 0;
    while (content < 3) {
      const { value } = await iterator.next();
      if (value?.choices[0]?.delta.content) content++;
    }
    expect(server.requests[0]).toMatchObject({ state: 'streaming', chunksSent: 3 });
    const pending = iterator.next();
    controller.abort();
    await pending.catch(() => undefined); // the SDK ends (or rejects) an aborted iteration
    await server.waitFor((r) => r[0]?.state === 'closed-by-client');
    expect(server.requests[0]!.chunksSent).toBe(3);
  });

  it('close() ends a stalled stream and rejects waiters that can no longer hold', async () => {
    server = await startMockServer({ tokensPerSecond: Infinity, faults: [{ kind: 'stall', afterChunks: 0 }] });
    const stream = await streamOnce(server);
    const never = server.waitFor((r) => r.length > 5);
    const drained = drain(stream);
    await server.close();
    await expect(never).rejects.toThrow(/closed/);
    expect((await drained).error).toBeInstanceOf(Error);
    expect(server.requests[0]!.state).toBe('faulted');
  });

  it('non-streaming: drop is a connection error, malformed a parse error', async () => {
    server = await startMockServer({
      tokensPerSecond: Infinity,
      faults: [
        { kind: 'drop', afterChunks: 2 },
        { kind: 'malformed', afterChunks: 2 },
      ],
    });
    const client = clientFor(server);
    const dropped = await client.chat.completions.create({ model: 'm', messages: conversation }).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(OpenAI.APIConnectionError);
    const malformed = await client.chat.completions.create({ model: 'm', messages: conversation }).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(Error);
    expect(server.requests.map((r) => r.state)).toEqual(['faulted', 'faulted']);
  });

  it('script() replaces the queue and refuses bad steps', async () => {
    server = await startMockServer({ tokensPerSecond: Infinity, faults: [{ kind: 'status', status: 503 }] });
    server.script([]);
    const completion = await clientFor(server).chat.completions.create({ model: 'm', messages: conversation });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(() => server!.script([{ kind: 'status', status: 200 }])).toThrow(/400 to 599/);
    expect(() => server!.script([{ kind: 'drop', afterChunks: -1 }])).toThrow(/afterChunks/);
  });
});

describe('client disconnect and pacing', () => {
  it('an abort mid-stream is recorded as closed-by-client and nothing is written after it', async () => {
    const tokens = 200;
    server = await startMockServer({ tokens, tokensPerSecond: 2000 }); // 100 ms per reply
    const controller = new AbortController();
    const stream = await streamOnce(server, controller.signal);
    let content = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) content++;
      if (content === 5) controller.abort();
    }
    await server.waitFor((r) => r[0]?.state === 'closed-by-client');
    const aborted = server.requests[0]!;
    const { chunksSent, endedAt } = aborted;
    expect(chunksSent).toBeGreaterThanOrEqual(5);
    expect(chunksSent).toBeLessThan(tokens);

    // A full second reply takes as long as the first would have: had its timers survived
    // the abort, they would have written (and counted) more chunks by now.
    const second = await drain(await streamOnce(server));
    expect(contentChunks(second.chunks)).toHaveLength(tokens);
    expect(aborted).toMatchObject({ state: 'closed-by-client', chunksSent, endedAt });
  });

  it('paces chunks at tokensPerSecond after firstTokenMs, visible live through waitFor', async () => {
    server = await startMockServer({ tokens: 20, tokensPerSecond: 400, firstTokenMs: 30 });
    const run = drain(await streamOnce(server));
    // Read inside the predicate, which runs at the very chunk: a loaded machine may send the
    // rest before this test's continuation runs.
    let atTenth: { state: string; ms: number } | undefined;
    await server.waitFor((r) => {
      if (r[0]?.chunksSent !== 10) return false;
      atTenth = { state: r[0].state, ms: performance.now() - r[0].startedAt };
      return true;
    });
    const midway = atTenth!.ms;
    expect(atTenth!.state).toBe('streaming');
    expect(midway).toBeGreaterThanOrEqual(30 + 9 * 2.5 - 1);
    await run;
    await server.waitFor((r) => r[0]?.state === 'finished');
    const { startedAt, endedAt } = server.requests[0]!;
    expect(endedAt! - startedAt).toBeGreaterThanOrEqual(30 + 19 * 2.5 - 1);
  });
});
