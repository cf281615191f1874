import type { ChatMessage } from '@switchboard/core';
import { INSTRUCT_PROMPT } from './instructPrompt.js';
import type { ContinuationStrategy, PrefixStyle } from './types.js';

/** A chat-completions message as sent on the wire (DeepSeek's `prefix` flag included). */
export type WireMessage = { role: ChatMessage['role']; content: string; prefix?: boolean };

/** What to send to continue from `prefix`: the messages and any extra body fields. */
export interface ContinuationRequest {
  readonly messages: WireMessage[];
  readonly extraBody: Record<string, unknown>;
}

/**
 * Builds the request that continues an answer from `prefix` under a strategy. With no
 * prefix (a fresh answer) or the `restart` strategy, it is the plain conversation.
 *
 * @example
 * ```ts
 * continuationMessages(conversation, 'The answer is', 'prefix', 'vllm');
 * // { messages: [...conversation, { role: 'assistant', content: 'The answer is' }],
 * //   extraBody: { continue_final_message: true, add_generation_prompt: false } }
 * ```
 */
export function continuationMessages(
  conversation: readonly ChatMessage[],
  prefix: string,
  strategy: ContinuationStrategy,
  style: PrefixStyle = 'vllm',
): ContinuationRequest {
  const messages: WireMessage[] = conversation.map((m) => ({ role: m.role, content: m.content }));
  if (prefix === '' || strategy === 'restart') return { messages, extraBody: {} };
  if (strategy === 'instruct') {
    messages.push({ role: 'assistant', content: prefix }, { role: 'user', content: INSTRUCT_PROMPT });
    return { messages, extraBody: {} };
  }
  if (style === 'deepseek') {
    messages.push({ role: 'assistant', content: prefix, prefix: true });
    return { messages, extraBody: {} };
  }
  messages.push({ role: 'assistant', content: prefix });
  return { messages, extraBody: { continue_final_message: true, add_generation_prompt: false } };
}
