import { createInterface } from 'node:readline/promises';
import type { OutputStream } from '../cli/types.js';

/**
 * Asks a yes/no question at the terminal; only "y" or "yes" is a yes.
 *
 * @returns null when there is no terminal to ask at (the caller then needs `--yes`)
 * @example
 * ```ts
 * if (!(await confirm('Delete 2 sessions?', io.stderr))) return 1;
 * ```
 */
export async function confirm(question: string, prompt: OutputStream, input: NodeJS.ReadStream = process.stdin): Promise<boolean | null> {
  if (!input.isTTY) return null;
  prompt.write(`${question} [y/N] `);
  const rl = createInterface({ input, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      // Ctrl+D: no answer is a no.
      rl.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
