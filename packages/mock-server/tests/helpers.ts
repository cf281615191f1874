import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { MockServer } from '../src/index.js';

/** A real SDK client pointed at the mock; retries off so each call is one request. */
export const clientFor = (server: MockServer, apiKey = 'test-key'): OpenAI =>
  new OpenAI({ apiKey, baseURL: server.baseURL, maxRetries: 0, logLevel: 'off' });

export const conversation: ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Tell me about rivers.' },
];

/** The content text of a list of chunks. */
export const textOf = (chunks: readonly ChatCompletionChunk[]): string =>
  chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

/** Content chunks only (the role chunk and finish chunk carry no content). */
export const contentChunks = (chunks: readonly ChatCompletionChunk[]): ChatCompletionChunk[] =>
  chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '' || c.choices[0]?.delta.tool_calls !== undefined);

/** Drains an SDK stream, returning the chunks and whatever error ended it. */
export async function drain(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; error: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}
