/** One message of a conversation as a provider sees it. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** What a session asks a provider for. */
export interface StreamRequest {
  /** The conversation so far, ending with the user message being answered. */
  readonly messages: readonly ChatMessage[];
  /**
   * The part of the answer already received before an interruption. The
   * provider streams only what comes after it, so that `prefix + deltas`
   * equals the answer an uninterrupted run would have given.
   */
  readonly prefix?: string;
  /** Aborted when the turn is preempted or cancelled: the provider must stop promptly. */
  readonly signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** A piece of a streamed tool call; pieces with the same `index` build one call. */
export interface ToolCallDelta {
  readonly index: number;
  /** Present on the first piece of a call. */
  readonly id?: string;
  readonly name?: string;
  /** The next piece of the call's JSON arguments. */
  readonly arguments: string;
}

/** A finished tool call, as kept in an answer. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** What a provider yields while streaming. */
export type StreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | ({ readonly type: 'tool_call' } & ToolCallDelta)
  /**
   * The provider could not continue from the prefix and starts the answer over: what was
   * received so far is replaced by what follows (the `restart` continuation strategy).
   */
  | { readonly type: 'restart' }
  | { readonly type: 'finish'; readonly reason: FinishReason; readonly usage?: Usage };

/**
 * Anything that can stream an assistant reply: the simulated provider, the
 * OpenAI provider, or one of your own. Failures are thrown as
 * {@link ProviderError}s from the iterator.
 *
 * @example
 * ```ts
 * const echo: Provider = {
 *   name: 'echo',
 *   async *stream({ messages, prefix = '' }) {
 *     const text = messages.at(-1)!.content;
 *     yield { type: 'delta', text: text.slice(prefix.length) };
 *     yield { type: 'finish', reason: 'stop' };
 *   },
 * };
 * ```
 */
export interface Provider {
  readonly name: string;
  readonly model?: string;
  stream(request: StreamRequest): AsyncIterable<StreamEvent>;
}
