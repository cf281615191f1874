/**
 * A recording that cannot be replayed. The message starts with `file:line:` when the
 * problem is on a line, the form editors jump to.
 *
 * @example
 * ```ts
 * throw new RecordingError('trace.jsonl:3: not JSON (Unexpected token)');
 * ```
 */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
}
