/**
 * The command line itself is wrong (a bad flag, a missing file): reported as one line on
 * stderr with exit code 2, never with a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
