/**
 * A message as it arrived: only `role` is checked, the rest is read leniently.
 *
 * @example
 * ```ts
 * const m: RawMessage = { role: 'assistant', content: 'The', prefix: true };
 * ```
 */
export interface RawMessage {
  readonly role: string;
  readonly content?: unknown;
  readonly prefix?: unknown;
  readonly [key: string]: unknown;
}

/**
 * The fields of a chat completion body that the mock acts on.
 *
 * @example
 * ```ts
 * const chat = parseChatRequest(body);
 * if (!('error' in chat)) chat.model; // 'gpt-4o-mini'
 * ```
 */
export interface ChatRequest {
  readonly model: string;
  readonly stream: boolean;
  /** `stream_options.include_usage`: adds the final usage chunk. */
  readonly includeUsage: boolean;
  readonly messages: readonly RawMessage[];
  /** Name of the first tool's function when `tools` is a non-empty array. */
  readonly toolName?: string;
  /** vLLM's extra parameters, read by continuation detection. */
  readonly continueFinalMessage: unknown;
  readonly addGenerationPrompt: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a parsed `/v1/chat/completions` body. Returns the problem as text (the
 * caller answers 400) rather than throwing, because a bad body is an expected input.
 *
 * @example
 * ```ts
 * parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
 * // { model: 'm', stream: false, includeUsage: false, messages: [...], ... }
 * parseChatRequest({ model: 'm', messages: [] }); // { error: "'messages' must be a non-empty array" }
 * ```
 */
export function parseChatRequest(body: unknown): ChatRequest | { readonly error: string } {
  if (!isObject(body)) return { error: 'The request body must be a JSON object.' };
  const { model, messages, stream, stream_options: streamOptions, tools } = body;
  if (typeof model !== 'string' || model === '') return { error: 'you must provide a model parameter' };
  if (!Array.isArray(messages) || messages.length === 0) return { error: "'messages' must be a non-empty array" };
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message) || typeof message.role !== 'string') {
      return { error: `Invalid 'messages[${i}]': expected an object with a string 'role'.` };
    }
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return { error: "Invalid type for 'stream': expected a boolean." };
  }
  let toolName: string | undefined;
  if (Array.isArray(tools) && tools.length > 0) {
    const first: unknown = tools[0];
    const name = isObject(first) && isObject(first.function) ? first.function.name : undefined;
    if (typeof name !== 'string' || name === '') return { error: "Missing required parameter: 'tools[0].function.name'." };
    toolName = name;
  }
  return {
    model,
    stream: stream === true,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    messages: messages as RawMessage[],
    ...(toolName === undefined ? {} : { toolName }),
    continueFinalMessage: body.continue_final_message,
    addGenerationPrompt: body.add_generation_prompt,
  };
}
