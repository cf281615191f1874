import { validateFaultStep } from './faultScript.js';
import type { FaultStep, MockServerOptions } from './types.js';

/**
 * {@link MockServerOptions} checked, with defaults filled in.
 *
 * @example
 * ```ts
 * const { tokens, tokensPerSecond } = resolveOptions({ tokens: 20 }); // 20, 200
 * ```
 */
export interface ResolvedOptions {
  readonly port: number;
  readonly tokens: number;
  readonly seed: number;
  readonly tokensPerSecond: number;
  readonly firstTokenMs: number;
  readonly apiKey: string | undefined;
  readonly models: readonly string[] | undefined;
  readonly instructOverlapWords: number;
  readonly faults: readonly FaultStep[];
}

/** Hosts accepted: the server is a test double and must never be reachable from the network. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost']);

/**
 * Validates the options up front, so a typo fails `startMockServer` with a message naming
 * the option rather than surfacing later as an odd reply.
 *
 * @throws Error for a non-loopback host; RangeError / TypeError for other bad values.
 * @example
 * ```ts
 * resolveOptions({}).tokens;                // 48
 * resolveOptions({ host: '0.0.0.0' });      // throws: listens on 127.0.0.1 only
 * ```
 */
export function resolveOptions(options: MockServerOptions): ResolvedOptions {
  const { host = '127.0.0.1', port = 0, tokens = 48, seed = 0, tokensPerSecond = 200, firstTokenMs = 0 } = options;
  const { instructOverlapWords = 3, apiKey, models, faults = [] } = options;
  if (!LOOPBACK_NAMES.has(host)) {
    throw new Error(
      `mock-server listens on 127.0.0.1 only: host must be '127.0.0.1' or 'localhost', got ${JSON.stringify(host)}`,
    );
  }
  const integer = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
  };
  integer('port', port, 0, 65535);
  integer('tokens', tokens, 1);
  integer('instructOverlapWords', instructOverlapWords, 0);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  if (!(tokensPerSecond > 0)) {
    throw new RangeError(`tokensPerSecond must be positive (or Infinity), got ${String(tokensPerSecond)}`);
  }
  if (!Number.isFinite(firstTokenMs) || firstTokenMs < 0) {
    throw new RangeError(`firstTokenMs must be a non-negative number, got ${String(firstTokenMs)}`);
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new TypeError('apiKey must be a non-empty string when set');
  }
  if (models !== undefined && (!Array.isArray(models) || models.some((m) => typeof m !== 'string'))) {
    throw new TypeError('models must be an array of strings when set');
  }
  return {
    port,
    tokens,
    seed,
    tokensPerSecond,
    firstTokenMs,
    apiKey,
    models,
    instructOverlapWords,
    faults: faults.map(validateFaultStep),
  };
}
