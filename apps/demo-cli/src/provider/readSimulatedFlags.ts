import { integer, nonNegativeInteger, positiveInteger, positiveNumber } from '../cli/flagValues.js';

/** More tokens than this would only make the simulated reply allocate without limit. */
export const MAX_TOKENS = 100_000;

/**
 * The simulated provider's flags with their defaults, checked (`run` and `chat` share them).
 *
 * @example
 * ```ts
 * const { tokens, rate, firstTokenMs, seed } = readSimulatedFlags(values);
 * ```
 */
export function readSimulatedFlags(values: {
  readonly tokens?: string | undefined;
  readonly rate?: string | undefined;
  readonly 'first-token-ms'?: string | undefined;
  readonly seed?: string | undefined;
}) {
  return {
    tokens: positiveInteger('--tokens', values.tokens ?? '48', MAX_TOKENS),
    rate: positiveNumber('--rate', values.rate ?? '40'),
    firstTokenMs: nonNegativeInteger('--first-token-ms', values['first-token-ms'] ?? '250'),
    seed: integer('--seed', values.seed ?? '0'),
  };
}
