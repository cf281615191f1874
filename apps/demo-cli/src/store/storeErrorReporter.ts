import type { OutputStream } from '../cli/types.js';

/** The `onStoreError` of a command's board, and whether it was ever called. */
export interface StoreErrorReporter {
  readonly onStoreError: (error: unknown) => void;
  /** True once a write to the database failed: the command should not exit with 0. */
  readonly failed: boolean;
}

/**
 * Reports the first failed write to the database on stderr, in one line, and remembers it.
 * The switchboard goes on in memory (the conversation is not cut off), but the user must
 * know that what follows may not be saved. Later failures repeat the same cause: not printed.
 *
 * @example
 * ```ts
 * const reporter = storeErrorReporter(io.stderr, 'chats.db');
 * const board = createSwitchboard({ provider, store, onStoreError: reporter.onStoreError });
 * ```
 */
export function storeErrorReporter(stderr: OutputStream, file: string): StoreErrorReporter {
  let failed = false;
  return {
    onStoreError(error) {
      if (failed) return;
      failed = true;
      const why = error instanceof Error ? error.message : String(error);
      stderr.write(`switchboard: could not save to ${file}: ${why} (the sessions go on in memory; later changes may be lost)\n`);
    },
    get failed() {
      return failed;
    },
  };
}
