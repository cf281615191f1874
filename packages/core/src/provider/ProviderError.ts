/**
 * Why a provider could not deliver a reply.
 * - `rate_limit`, `server`, `network`, `timeout`, `malformed`: transient, worth retrying;
 * - `auth`, `bad_request`, `not_found`: a setting to fix, retrying cannot help;
 * - `unknown`: anything else.
 */
export type ProviderErrorKind =
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'unknown';

const TRANSIENT: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limit',
  'server',
  'network',
  'timeout',
  'malformed',
]);

/**
 * A typed provider failure. Its message says what went wrong and what to do;
 * it never carries credentials.
 *
 * @example
 * ```ts
 * throw new ProviderError('auth', 'The API key was refused: set OPENAI_API_KEY to a valid key.');
 * ```
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  /** Milliseconds the server asked us to wait before retrying, if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: ProviderErrorKind, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether trying the same request again could succeed. */
  get retryable(): boolean {
    return TRANSIENT.has(this.kind);
  }
}

/** Turns anything a provider threw into a {@link ProviderError}. */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('unknown', message, { cause: error });
}
