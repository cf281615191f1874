import type { SessionStore, Switchboard } from '@switchboard/core';
import { onInterrupt } from './onInterrupt.js';

/**
 * Makes sure a command's board is stopped and then its database closed, exactly once:
 * when the command ends (call the returned function in a `finally`) or when the process is
 * interrupted (Ctrl+C, SIGTERM, a closed terminal). Stopping first matters: it writes every
 * partial and leaves unfinished turns in the store to resume; closing the store then
 * releases the file for the next process.
 *
 * @param interrupted called on a signal after closing, before the process exits (a last word on stderr)
 * @returns the closing function, idempotent
 * @example
 * ```ts
 * const close = closeBoard(board, store);
 * try { await runScenario(steps, { board, timing }); } finally { close(); }
 * ```
 */
export function closeBoard(board: Switchboard, store: SessionStore | undefined, interrupted?: () => void): () => void {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    release();
    try {
      board.stop();
    } finally {
      store?.close();
    }
  };
  const release = onInterrupt(() => {
    close();
    interrupted?.();
  });
  return close;
}
