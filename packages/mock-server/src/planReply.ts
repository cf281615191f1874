import { continuationTokens, simulatedReply } from '@switchboard/llm-adapter';
import { instructOverlap, type Continuation } from './continuation.js';

/**
 * A tool call the "model" makes after its text.
 *
 * @example
 * ```ts
 * plan.toolCall?.pieces.join('') === plan.toolCall?.arguments; // true
 * ```
 */
export interface PlannedToolCall {
  readonly id: string;
  readonly name: string;
  /** The full `arguments` JSON text. */
  readonly arguments: string;
  /** `arguments` in the pieces streamed, each one content chunk. */
  readonly pieces: readonly string[];
}

/**
 * Everything one reply consists of, computed before anything is written.
 *
 * @example
 * ```ts
 * const plan: ReplyPlan = planReply(continuation, { seed: 0, tokens: 48, instructOverlapWords: 3, index: 0 });
 * plan.chunks; // 48
 * ```
 */
export interface ReplyPlan {
  /** Content tokens, one chunk each (under instruct, the repeated overlap first). */
  readonly text: readonly string[];
  readonly toolCall?: PlannedToolCall;
  readonly finishReason: 'stop' | 'tool_calls';
  /** A rough chars/4 estimate of the conversation's size, for the usage numbers. */
  readonly promptTokens: number;
  /** Content chunks in all: text tokens plus tool-call pieces. */
  readonly chunks: number;
}

/**
 * Options the plan depends on.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { seed: 0, tokens: 48, instructOverlapWords: 3, toolName: 'search', index: 4 };
 * ```
 */
export interface PlanOptions {
  readonly seed: number;
  readonly tokens: number;
  readonly instructOverlapWords: number;
  /** Name of the first tool, when the request offered tools. */
  readonly toolName?: string;
  /** The request's index, for the tool call id `call_<index>`. */
  readonly index: number;
}

const ARGUMENT_PIECE = 8;

/**
 * Computes the reply to a request with the same functions as the simulated provider, so
 * a session run against the mock and one run against the simulator produce the same text.
 *
 * @example
 * ```ts
 * const plan = planReply(
 *   { style: 'none', conversation: [{ role: 'user', content: 'Hi' }], prefix: '' },
 *   { seed: 0, tokens: 12, instructOverlapWords: 3, index: 0 },
 * );
 * plan.text.join('') === simulatedReply([{ role: 'user', content: 'Hi' }], { tokens: 12 }).join(''); // true
 * ```
 */
export function planReply(continuation: Continuation, options: PlanOptions): ReplyPlan {
  const { conversation, prefix, style } = continuation;
  const reply = { seed: options.seed, tokens: options.tokens };
  let text: string[];
  if (style === 'none') text = simulatedReply(conversation, reply);
  else if (style === 'instruct') {
    text = [...instructOverlap(prefix, options.instructOverlapWords), ...continuationTokens(conversation, prefix, reply)];
  } else text = continuationTokens(conversation, prefix, reply);

  let chars = 0;
  for (const m of conversation) chars += m.content.length;
  const promptTokens = Math.ceil(chars / 4);

  if (options.toolName === undefined) return { text, finishReason: 'stop', promptTokens, chunks: text.length };

  let lastUser = '';
  for (const m of conversation) if (m.role === 'user') lastUser = m.content;
  const args = JSON.stringify({ query: lastUser });
  const pieces: string[] = [];
  for (let i = 0; i < args.length; i += ARGUMENT_PIECE) pieces.push(args.slice(i, i + ARGUMENT_PIECE));
  return {
    text,
    toolCall: { id: `call_${options.index}`, name: options.toolName, arguments: args, pieces },
    finishReason: 'tool_calls',
    promptTokens,
    chunks: text.length + pieces.length,
  };
}
