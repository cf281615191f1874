/**
 * The instruction the `instruct` continuation strategy sends after the partial answer, for
 * servers that cannot prefill an assistant message. Models tend to repeat a few words at
 * the seam anyway; the strategy removes that overlap (see `removeSeamOverlap`).
 *
 * @example
 * ```ts
 * messages.push({ role: 'assistant', content: partial }, { role: 'user', content: INSTRUCT_PROMPT });
 * ```
 */
export const INSTRUCT_PROMPT =
  'Continue your previous answer exactly where it stopped. Do not repeat anything you already wrote and do not add any preamble.';
