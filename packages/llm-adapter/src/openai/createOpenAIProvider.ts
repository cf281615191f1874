import { ProviderError, type ChatMessage, type FinishReason, type Provider, type StreamEvent, type StreamRequest, type Usage } from '@switchboard/core';
import OpenAI from 'openai';
import { continuationMessages } from '../continuation/continuationMessages.js';
import { SeamFilter } from '../continuation/SeamFilter.js';
import type { ContinuationStrategy, PrefixStyle } from '../continuation/types.js';
import { readServerSentData } from './readServerSentData.js';
import { toOpenAIProviderError } from './toOpenAIProviderError.js';

export interface OpenAIProviderOptions {
  /** Default `OPENAI_MODEL`, else `gpt-4o-mini`. */
  readonly model?: string;
  /** Default `OPENAI_API_KEY`. Optional for a custom `baseURL` (local servers often need none). */
  readonly apiKey?: string;
  /** Default `OPENAI_BASE_URL`, else OpenAI's. */
  readonly baseURL?: string;
  /** How to continue an interrupted answer. Default `instruct`, which works on every server. */
  readonly continuation?: ContinuationStrategy;
  /** Server flag for the `prefix` strategy. Default `vllm`. */
  readonly prefixStyle?: PrefixStyle;
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  /** Tool definitions, passed through as the API's `tools`. */
  readonly tools?: readonly unknown[];
  /** Extra body fields for the server. */
  readonly extraBody?: Readonly<Record<string, unknown>>;
  /** Connection and response timeout of one request, ms. Default 60 000. */
  readonly timeoutMs?: number;
  /** Where the defaults come from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const FINISH: Record<string, FinishReason> = { stop: 'stop', length: 'length', tool_calls: 'tool_calls', content_filter: 'content_filter' };

interface ChunkChoice {
  delta?: { content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> };
  finish_reason?: string | null;
}

/**
 * A provider on the `openai` SDK for OpenAI and OpenAI-compatible servers (vLLM, Ollama,
 * llama.cpp, LM Studio, DeepSeek): streamed chat completions with usage. The SDK makes the
 * request (auth, headers, typed HTTP errors; its own retries are off because the
 * switchboard retries by suspending the turn); the body is read with a small SSE parser,
 * which costs a fraction of the SDK's per-chunk parsing.
 *
 * Aborting the request's signal cancels the body reader, which closes the connection at
 * once; nothing buffered is yielded after an abort.
 *
 * @example
 * ```ts
 * const provider = createOpenAIProvider({ model: 'Qwen/Qwen2.5-7B-Instruct', baseURL: 'http://127.0.0.1:8000/v1', continuation: 'prefix' });
 * const board = createSwitchboard({ provider });
 * ```
 */
export function createOpenAIProvider(options: OpenAIProviderOptions = {}): Provider {
  const env = options.env ?? process.env;
  // An empty variable is an unset one (`OPENAI_BASE_URL= cmd` should not mean "a server at ''").
  const fromEnv = (name: string) => (env[name] === '' ? undefined : env[name]);
  const model = options.model || fromEnv('OPENAI_MODEL') || 'gpt-4o-mini';
  const envBaseURL = fromEnv('OPENAI_BASE_URL');
  const baseURL = options.baseURL || envBaseURL || 'https://api.openai.com/v1';
  const apiKey = options.apiKey || fromEnv('OPENAI_API_KEY');
  const continuation = options.continuation ?? 'instruct';
  const prefixStyle = options.prefixStyle ?? 'vllm';
  if (!['prefix', 'instruct', 'restart'].includes(continuation)) {
    throw new ProviderError('bad_request', `continuation must be prefix, instruct or restart, got "${String(continuation)}".`);
  }
  if (!['vllm', 'deepseek'].includes(prefixStyle)) {
    throw new ProviderError('bad_request', `prefixStyle must be vllm or deepseek, got "${String(prefixStyle)}".`);
  }
  const customServer = Boolean(options.baseURL || envBaseURL);
  if (!apiKey && !customServer) {
    throw new ProviderError('auth', 'No API key: set OPENAI_API_KEY (or pass apiKey), or point OPENAI_BASE_URL at a server that needs none.');
  }
  const client = new OpenAI({
    apiKey: apiKey || 'no-key',
    baseURL,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 60_000,
  });
  const context = { model, baseURL, apiKey };
  const sampling = {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.topP === undefined ? {} : { top_p: options.topP }),
    ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.tools === undefined ? {} : { tools: options.tools }),
  };

  async function* stream({ messages, prefix = '', signal }: StreamRequest): AsyncGenerator<StreamEvent> {
    const wire = continuationMessages(messages as ChatMessage[], prefix, continuation, prefixStyle);
    const body = {
      ...options.extraBody,
      ...wire.extraBody,
      ...sampling,
      model,
      messages: wire.messages,
      stream: true,
      stream_options: { include_usage: true },
    };
    let response: Response;
    try {
      response = await client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal }).asResponse();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw toOpenAIProviderError(error, context);
    }
    if (!response.body) throw new ProviderError('malformed', 'The server answered without a body.');
    if (prefix !== '' && continuation === 'restart') yield { type: 'restart' };
    const seam = continuation === 'instruct' ? new SeamFilter(prefix) : null;
    let finish: FinishReason | null = null;
    let usage: Usage | undefined;
    let done = false;
    try {
      for await (const data of readServerSentData(response.body)) {
        if (signal.aborted) break;
        if (data === '[DONE]') {
          done = true;
          break;
        }
        let chunk: { choices?: ChunkChoice[]; usage?: { prompt_tokens?: number; completion_tokens?: number }; error?: { message?: string } };
        try {
          chunk = JSON.parse(data);
        } catch {
          throw new ProviderError('malformed', 'The server sent a chunk that is not valid JSON.');
        }
        if (chunk.error) throw new ProviderError('server', `The server reported an error mid-stream: ${chunk.error.message ?? 'no message'}`);
        const choice = chunk.choices?.[0];
        const text = choice?.delta?.content;
        if (text) {
          const shown = seam ? seam.push(text) : text;
          if (shown !== '') yield { type: 'delta', text: shown };
        }
        for (const call of choice?.delta?.tool_calls ?? []) {
          yield {
            type: 'tool_call',
            index: call.index,
            ...(call.id === undefined ? {} : { id: call.id }),
            ...(call.function?.name === undefined ? {} : { name: call.function.name }),
            arguments: call.function?.arguments ?? '',
          };
        }
        if (choice?.finish_reason) finish = FINISH[choice.finish_reason] ?? 'other';
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof ProviderError) throw error;
      throw new ProviderError('network', 'The connection dropped before the answer was finished.', { cause: error });
    }
    if (signal.aborted) throw signal.reason;
    if (!done && finish === null) throw new ProviderError('network', 'The connection closed before the answer was finished.');
    const rest = seam?.end() ?? '';
    if (rest !== '') yield { type: 'delta', text: rest };
    yield usage === undefined ? { type: 'finish', reason: finish ?? 'stop' } : { type: 'finish', reason: finish ?? 'stop', usage };
  }

  return { name: 'openai', model, stream };
}
