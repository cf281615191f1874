import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/types.js';

/** Runs the command line in-process with buffers for stdout and stderr (no terminal, no colour). */
export async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false, columns: 80 },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
