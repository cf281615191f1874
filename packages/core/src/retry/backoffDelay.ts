/** How long to wait before retrying after a transient fault. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. Default 500 ms. */
  readonly baseMs?: number;
  /** Ceiling for the exponential part. Default 30 000 ms. */
  readonly maxMs?: number;
  /** Fraction of the delay that is random (0..1), so clients that failed together do not retry together. Default 0.5. */
  readonly jitter?: number;
}

/**
 * Exponential backoff with jitter for the `faults`-th retry (1-based), never shorter than
 * what the server asked for with `Retry-After`.
 *
 * @example
 * ```ts
 * backoffDelay(1, undefined, {}, () => 1);   // 500
 * backoffDelay(3, undefined, {}, () => 1);   // 2000
 * backoffDelay(1, 5000, {}, Math.random);    // 5000: the server's word wins
 * ```
 */
export function backoffDelay(faults: number, retryAfterMs: number | undefined, options: BackoffOptions, random: () => number): number {
  if (faults <= 0) return 0;
  const { baseMs = 500, maxMs = 30_000, jitter = 0.5 } = options;
  const exponential = Math.min(maxMs, baseMs * 2 ** (faults - 1));
  const jittered = exponential * (1 - jitter + jitter * random());
  return Math.max(jittered, retryAfterMs ?? 0);
}
