/**
 * How a provider continues an interrupted answer.
 * - `prefix`: the partial goes back as the final assistant message with the server's
 *   continuation flag, and the server generates exactly the rest. Exact and cheap; needs
 *   server support (vLLM, llama.cpp and other HF-template servers; DeepSeek's beta).
 * - `instruct`: the partial goes back as an assistant message followed by an instruction
 *   to continue; any text the model repeats at the seam is removed. Works everywhere,
 *   but the model may reword: the seam is the model's best effort, not a guarantee.
 * - `restart`: the partial is discarded and the answer regenerated; the session reports
 *   the answer as replaced. For servers where neither works.
 */
export type ContinuationStrategy = 'prefix' | 'instruct' | 'restart';

/** Which server flag the `prefix` strategy uses. */
export type PrefixStyle = 'vllm' | 'deepseek';
