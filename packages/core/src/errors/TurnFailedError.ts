import type { ProviderErrorKind } from '../provider/ProviderError.js';

/**
 * A turn ended in failure. Carries what was received before the failure, which is also
 * kept in the transcript.
 *
 * @example
 * ```ts
 * reply.result.catch((e) => e instanceof TurnFailedError && console.log(e.kind, e.partial));
 * ```
 */
export class TurnFailedError extends Error {
  override readonly name = 'TurnFailedError';
  constructor(
    readonly sessionId: string,
    readonly messageId: string,
    readonly kind: ProviderErrorKind,
    reason: string,
    readonly partial: string,
  ) {
    super(`The answer to message ${messageId} in session "${sessionId}" failed: ${reason}`);
  }
}
