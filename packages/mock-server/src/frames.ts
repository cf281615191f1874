import type { ReplyPlan } from './planReply.js';

/**
 * Identity fields shared by every chunk of one response.
 *
 * @example
 * ```ts
 * const meta: ResponseMeta = { id: 'chatcmpl-mock-0', created: 0, model: 'm', includeUsage: true };
 * ```
 */
export interface ResponseMeta {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly includeUsage: boolean;
}

/**
 * A streamed reply as ready-made SSE text, so the writer only concatenates strings.
 *
 * @example
 * ```ts
 * const { role, content, end } = streamFrames(plan, meta);
 * res.end(role + content.join('') + end);
 * ```
 */
export interface StreamFrames {
  /** The first chunk: `delta: { role: 'assistant', content: '' }`. */
  readonly role: string;
  /** One frame per content chunk (text tokens, then tool-call pieces). */
  readonly content: readonly string[];
  /** The finish chunk, the usage chunk when asked for, and `data: [DONE]`. */
  readonly end: string;
}

/**
 * What a `malformed` fault sends: a `data:` line whose JSON stops mid-value.
 *
 * @example
 * ```ts
 * res.end(sentSoFar + MALFORMED_FRAME); // the client's JSON.parse throws
 * ```
 */
export const MALFORMED_FRAME = 'data: {"choices":[{"delta":{"content":\n\n';

/**
 * Builds every SSE frame of a streamed reply. The chunk JSON is assembled from templates
 * around `JSON.stringify` of the token alone: cheap enough for the throughput benchmark
 * (tens of thousands of chunks per response) and still valid `chat.completion.chunk` JSON.
 *
 * @example
 * ```ts
 * const frames = streamFrames(plan, { id: 'chatcmpl-mock-0', created: 0, model: 'm', includeUsage: false });
 * frames.content[0]; // 'data: {"id":"chatcmpl-mock-0",...,"delta":{"content":"The"},...}\n\n'
 * ```
 */
export function streamFrames(plan: ReplyPlan, meta: ResponseMeta): StreamFrames {
  const head =
    `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
    `"model":${JSON.stringify(meta.model)},"choices":[{"index":0,"delta":`;
  const tail = ',"logprobs":null,"finish_reason":null}]}\n\n';

  const content: string[] = new Array<string>(plan.chunks);
  let n = 0;
  for (const token of plan.text) content[n++] = `${head}{"content":${JSON.stringify(token)}}${tail}`;
  const call = plan.toolCall;
  if (call !== undefined) {
    call.pieces.forEach((piece, i) => {
      const fn =
        i === 0
          ? `{"index":0,"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(piece)}}}`
          : `{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}`;
      content[n++] = `${head}{"tool_calls":[${fn}]}${tail}`;
    });
  }

  let end = `${head}{},"logprobs":null,"finish_reason":"${plan.finishReason}"}]}\n\n`;
  if (meta.includeUsage) {
    end +=
      `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
      `"model":${JSON.stringify(meta.model)},"choices":[],"usage":${usageJson(plan)}}\n\n`;
  }
  end += 'data: [DONE]\n\n';
  return { role: `${head}{"role":"assistant","content":"","refusal":null}${tail}`, content, end };
}

/**
 * The non-streaming `chat.completion` object for a plan.
 *
 * @example
 * ```ts
 * JSON.parse(completionBody(plan, meta)).choices[0].message.content; // the whole reply
 * ```
 */
export function completionBody(plan: ReplyPlan, meta: ResponseMeta): string {
  const call = plan.toolCall;
  const message = {
    role: 'assistant',
    content: plan.text.join(''),
    refusal: null,
    ...(call === undefined
      ? {}
      : { tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] }),
  };
  return JSON.stringify({
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
    usage: JSON.parse(usageJson(plan)) as unknown,
  });
}

function usageJson(plan: ReplyPlan): string {
  const total = plan.promptTokens + plan.chunks;
  return `{"prompt_tokens":${plan.promptTokens},"completion_tokens":${plan.chunks},"total_tokens":${total}}`;
}
