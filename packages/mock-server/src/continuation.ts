import { INSTRUCT_PROMPT, type ChatMessage } from '@switchboard/llm-adapter';
import type { RawMessage } from './chatRequest.js';
import type { ContinuationStyle } from './types.js';

/**
 * What the reply should continue: the conversation it answers and the partial already written.
 *
 * @example
 * ```ts
 * const c: Continuation = { style: 'vllm', conversation: [{ role: 'user', content: 'Hi' }], prefix: 'The' };
 * ```
 */
export interface Continuation {
  readonly style: ContinuationStyle;
  /** The messages the simulated reply is a function of (the partial and any instruction removed). */
  readonly conversation: readonly ChatMessage[];
  /** The partial answer to continue from ('' for style 'none'). */
  readonly prefix: string;
}

/**
 * The text of a message's `content`: a string as is, an array of content parts as the
 * concatenation of their `text`, anything else (null for a tool-call message) as ''.
 *
 * @example
 * ```ts
 * messageText([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }]); // 'ab'
 * ```
 */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as unknown[]) {
    if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') {
      text += (part as { text: string }).text;
    }
  }
  return text;
}

// The simulated reply hashes role strings as they are; a 'tool' or 'developer' role is
// passed through unchanged so both sides hash the same conversation.
const toChatMessages = (messages: readonly RawMessage[]): ChatMessage[] =>
  messages.map((m) => ({ role: m.role as ChatMessage['role'], content: messageText(m.content) }));

/**
 * Detects which continuation protocol a chat request uses, if any:
 * - `vllm`: `continue_final_message: true` (with `add_generation_prompt: false`, as vLLM
 *   requires) and a final assistant message holding the partial;
 * - `deepseek`: a final assistant message with `prefix: true`;
 * - `instruct`: a final user message that is exactly INSTRUCT_PROMPT after the partial
 *   as an assistant message;
 * - `none`: an ordinary request.
 *
 * Returns an error text (answered with 400) for a vLLM request that real vLLM would refuse,
 * so a client bug shows up against the mock as it would in production.
 *
 * @example
 * ```ts
 * detectContinuation({
 *   messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'The', prefix: true }],
 *   continueFinalMessage: undefined,
 *   addGenerationPrompt: undefined,
 * });
 * // { style: 'deepseek', conversation: [{ role: 'user', content: 'Hi' }], prefix: 'The' }
 * ```
 */
export function detectContinuation(request: {
  readonly messages: readonly RawMessage[];
  readonly continueFinalMessage: unknown;
  readonly addGenerationPrompt: unknown;
}): Continuation | { readonly error: string } {
  const { messages } = request;
  const last = messages[messages.length - 1];
  if (last === undefined) return { error: "'messages' must be a non-empty array" };

  if (request.continueFinalMessage === true) {
    // vLLM's add_generation_prompt defaults to true, and the two cannot be combined.
    if (request.addGenerationPrompt !== false) {
      return { error: 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.' };
    }
    if (last.role !== 'assistant') {
      return { error: '`continue_final_message` needs the last message to be an assistant message.' };
    }
    return { style: 'vllm', conversation: toChatMessages(messages.slice(0, -1)), prefix: messageText(last.content) };
  }
  if (last.role === 'assistant' && last.prefix === true) {
    return { style: 'deepseek', conversation: toChatMessages(messages.slice(0, -1)), prefix: messageText(last.content) };
  }
  const partial = messages[messages.length - 2];
  if (last.role === 'user' && messageText(last.content) === INSTRUCT_PROMPT && partial?.role === 'assistant') {
    return {
      style: 'instruct',
      conversation: toChatMessages(messages.slice(0, -2)),
      prefix: messageText(partial.content),
    };
  }
  return { style: 'none', conversation: toChatMessages(messages), prefix: '' };
}

/**
 * The words a real model tends to repeat when told to continue: the last `words` words
 * of the partial, each with its leading whitespace, as separate tokens (trailing
 * whitespace rides on the last one). Joined, they are a suffix of `prefix`, so a client
 * that removes the seam overlap correctly gets the exact continuation back.
 *
 * @example
 * ```ts
 * instructOverlap('The quiet river crossed', 2); // [' river', ' crossed']
 * instructOverlap('Hello', 3);                   // ['Hello']
 * ```
 */
export function instructOverlap(prefix: string, words: number): string[] {
  if (words <= 0 || prefix === '') return [];
  const tokens = prefix.match(/\s*\S+/g) ?? [];
  const kept = tokens.slice(-words);
  const trailing = prefix.length - prefix.trimEnd().length;
  if (trailing > 0) {
    if (kept.length === 0) return [prefix];
    kept[kept.length - 1] += prefix.slice(prefix.length - trailing);
  }
  return kept;
}
