import type { OutputStream } from '../cli/types.js';

/**
 * The last word of a command interrupted by a signal: where its unfinished work is, if
 * anywhere. Without a database there is nothing to say (and nothing kept).
 *
 * @example
 * ```ts
 * closeBoard(board, store, () => interruptedNote(io.stderr, values.db));
 * ```
 */
export function interruptedNote(stderr: OutputStream, db: string | undefined): void {
  if (db === undefined) return;
  stderr.write(`switchboard: interrupted; unfinished answers are saved in ${db}: "switchboard resume --db ${db}" finishes them\n`);
}
