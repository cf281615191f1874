import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { continuationTokens, simulatedReply, type ChatMessage } from '@switchboard/llm-adapter';
import { INSTRUCT_PROMPT, startMockServer, type MockServer } from '../src/index.js';
import { clientFor, contentChunks, conversation, drain, textOf } from './helpers.js';

const TOKENS = 40;
const SEED = 7;
const asChat = conversation as ChatMessage[];
const full = simulatedReply(asChat, { seed: SEED, tokens: TOKENS }).join('');

describe('replies (tokensPerSecond Infinity)', () => {
  let server: MockServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startMockServer({ tokens: TOKENS, seed: SEED, tokensPerSecond: Infinity });
    client = clientFor(server);
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 and exposes the SDK base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseURL).toBe(`${server.url}/v1`);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
  });

  it('streams exactly the simulated reply, in OpenAI chunk shape, with a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'mock',
      messages: conversation,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(full);
    expect(chunks[0]!.object).toBe('chat.completion.chunk');
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(contentChunks(chunks)).toHaveLength(TOKENS);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]!.finish_reason).toBe('stop');
    expect(finish.choices[0]!.delta).toEqual({});
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage!.completion_tokens).toBe(TOKENS);
    expect(usage.usage!.total_tokens).toBe(usage.usage!.prompt_tokens + TOKENS);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('returns the same text without streaming, as a chat.completion', async () => {
    const completion = await client.chat.completions.create({ model: 'mock', messages: conversation });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe(full);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.completion_tokens).toBe(TOKENS);
  });

  it('joins array content parts like the simulated provider sees plain text', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: [{ type: 'text', text: 'Tell me ' }, { type: 'text', text: 'about rivers.' }] },
    ];
    const completion = await client.chat.completions.create({ model: 'mock', messages });
    expect(completion.choices[0]!.message.content).toBe(full);
  });

  it.each([5, 17, 0])('vLLM continue_final_message returns exactly the rest after %i chars', async (cut) => {
    const prefix = full.slice(0, cut);
    const stream = await client.chat.completions.create({
      model: 'mock',
      messages: [...conversation, { role: 'assistant', content: prefix }],
      stream: true,
      // vLLM's extra parameters: the SDK passes unknown fields through in the body.
      ...({ continue_final_message: true, add_generation_prompt: false } as object),
    });
    const { chunks } = await drain(stream);
    expect(prefix + textOf(chunks)).toBe(full);
    const record = server.requests.at(-1)!;
    expect(record.continuation).toBe('vllm');
    expect(record.prefix).toBe(prefix);
  });

  it('vLLM style without add_generation_prompt: false is refused as vLLM would', async () => {
    const error = await client.chat.completions
      .create({
        model: 'mock',
        messages: [...conversation, { role: 'assistant', content: 'The' }],
        ...({ continue_final_message: true } as object),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(server.requests.at(-1)!.state).toBe('rejected');
  });

  it('DeepSeek prefix: true returns exactly the rest', async () => {
    const prefix = full.slice(0, 23);
    const stream = await client.chat.completions.create({
      model: 'mock',
      messages: [...conversation, { role: 'assistant', content: prefix, prefix: true } as ChatCompletionMessageParam],
      stream: true,
    });
    const { chunks } = await drain(stream);
    expect(prefix + textOf(chunks)).toBe(full);
    expect(server.requests.at(-1)!.continuation).toBe('deepseek');
  });

  it('instruct style repeats the last 3 words of the partial, then continues', async () => {
    const cut = full.indexOf(' ', 30); // ends on a word boundary
    const prefix = full.slice(0, cut);
    const completion = await client.chat.completions.create({
      model: 'mock',
      messages: [...conversation, { role: 'assistant', content: prefix }, { role: 'user', content: INSTRUCT_PROMPT }],
    });
    const text = completion.choices[0]!.message.content!;
    const overlap = prefix.match(/(\s*\S+){3}$/)![0];
    expect(text).toBe(overlap + full.slice(cut));
    expect(prefix + text.slice(overlap.length)).toBe(full);
    const record = server.requests.at(-1)!;
    const rest = continuationTokens(asChat, prefix, { seed: SEED, tokens: TOKENS });
    expect(record).toMatchObject({ continuation: 'instruct', prefix, chunksSent: 3 + rest.length });
  });

  it('streams a tool call after the text when tools are offered', async () => {
    const stream = await client.chat.completions.create({
      model: 'mock',
      messages: conversation,
      stream: true,
      tools: [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }],
    });
    const { chunks } = await drain(stream);
    expect(textOf(chunks)).toBe(full);
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const args = JSON.stringify({ query: 'Tell me about rivers.' });
    expect(calls).toHaveLength(Math.ceil(args.length / 8));
    expect(calls[0]).toMatchObject({ index: 0, id: `call_${server.requests.at(-1)!.index}`, type: 'function' });
    expect(calls[0]!.function!.name).toBe('search');
    expect(calls.slice(1).every((c) => c.id === undefined && c.function!.name === undefined)).toBe(true);
    expect(calls.map((c) => c.function!.arguments).join('')).toBe(args);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('lists models and answers unknown routes and bad bodies as OpenAI does', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['switchboard-mock']);

    const notFound = await fetch(`${server.url}/v1/nothing`);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { message: string } }).error.message).toContain('/v1/nothing');

    const badJson = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{"model":' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    expect(server.requests.at(-1)).toMatchObject({ hadAuthorization: false, state: 'rejected', body: undefined, model: '' });

    const empty = await client.chat.completions.create({ model: 'mock', messages: [] }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('records every chat request in arrival order, without the key', async () => {
    const { requests } = server;
    expect(requests.map((r) => r.index)).toEqual(requests.map((_, i) => i));
    expect(requests.length).toBeGreaterThanOrEqual(10);
    const first = requests[0]!;
    expect(first).toMatchObject({ model: 'mock', stream: true, hadAuthorization: true, fault: { kind: 'ok' } });
    expect(first.state).toBe('finished');
    expect(first.endedAt).toBeGreaterThanOrEqual(first.startedAt);
    expect((first.body as { messages: unknown }).messages).toEqual(conversation);
    expect(JSON.stringify(requests)).not.toContain('test-key');
  });
});

describe('access control', () => {
  it('needs the API key when one is set (401 shaped like OpenAI) and keeps it out of the record', async () => {
    const server = await startMockServer({ apiKey: 'right-key', tokensPerSecond: Infinity });
    try {
      const error = await clientFor(server, 'wrong-key')
        .chat.completions.create({ model: 'm', messages: conversation })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toEqual({
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      });
      const ok = await clientFor(server, 'right-key').chat.completions.create({ model: 'm', messages: conversation });
      expect(ok.choices[0]!.message.content).toBe(simulatedReply(asChat, { tokens: 48 }).join(''));
      expect(server.requests.map((r) => r.state)).toEqual(['rejected', 'finished']);
      expect(server.requests[0]!.fault).toEqual({ kind: 'ok' });
      expect(JSON.stringify(server.requests)).not.toMatch(/right-key|wrong-key/);
    } finally {
      await server.close();
    }
  });

  it('answers 404 model_not_found for a model it was not given', async () => {
    const server = await startMockServer({ models: ['known'], tokensPerSecond: Infinity });
    try {
      const error = await clientFor(server)
        .chat.completions.create({ model: 'gpt-x', messages: conversation })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
        message: 'The model `gpt-x` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        code: 'model_not_found',
      });
      expect((await clientFor(server).models.list()).data.map((m) => m.id)).toEqual(['known']);
    } finally {
      await server.close();
    }
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', '::1'])('refuses to listen on %s', async (host) => {
    await expect(startMockServer({ host })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('accepts localhost but still binds 127.0.0.1', async () => {
    const server = await startMockServer({ host: 'localhost' });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await server.close();
  });
});
