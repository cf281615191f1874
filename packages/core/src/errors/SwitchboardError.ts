/** What kind of mistake a {@link SwitchboardError} reports. */
export type SwitchboardErrorCode =
  | 'invalid_option'
  | 'invalid_argument'
  | 'unknown_session'
  | 'duplicate_session'
  | 'queue_full'
  | 'stopped';

/**
 * A call the switchboard refused. The message names the problem and what to do; nothing
 * already accepted is affected.
 *
 * @example
 * ```ts
 * try { board.send('nope', 'hi'); }
 * catch (e) { if (e instanceof SwitchboardError && e.code === 'unknown_session') ... }
 * ```
 */
export class SwitchboardError extends Error {
  override readonly name: string = 'SwitchboardError';
  constructor(readonly code: SwitchboardErrorCode, message: string) {
    super(message);
  }
}
