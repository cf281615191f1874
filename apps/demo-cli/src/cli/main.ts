import { ScenarioError } from '../scenario/ScenarioError.js';
import { redactOutput, secretsOf } from './redactOutput.js';
import type { Command, CommandIO } from './types.js';
import { UsageError } from './UsageError.js';

interface CommandEntry {
  readonly name: string;
  /** One line for the top-level usage. */
  readonly summary: string;
  // Loaded on demand: the usage text and flag errors then never pay for loading the engine.
  readonly load: () => Promise<Command>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'run a scenario script and report what happened (simulated provider or a real server)',
    load: async () => (await import('../commands/run.js')).runCommand,
  },
  {
    name: 'demo',
    summary: 'watch one slot serve three sessions live: preemption, resume, queued messages',
    load: async () => (await import('../commands/demo.js')).demoCommand,
  },
  {
    name: 'chat',
    summary: 'chat interactively with many sessions at once in the terminal (simulated provider or a real server)',
    load: async () => (await import('../commands/chat.js')).chatCommand,
  },
  {
    name: 'resume',
    summary: 'finish the answers a run or chat left unfinished in a database (--db), then report like run',
    load: async () => (await import('../commands/resume.js')).resumeCommand,
  },
  {
    name: 'sessions',
    summary: 'list, show, export (JSON, Markdown) or delete the sessions kept in a database',
    load: async () => (await import('../commands/sessions.js')).sessionsCommand,
  },
  {
    name: 'inspect',
    summary: 'replay a recording made with --record in the inspector page (offline, on 127.0.0.1)',
    load: async () => (await import('../commands/inspect.js')).inspectCommand,
  },
  {
    name: 'mock-server',
    summary: 'start a fault-injecting OpenAI-compatible server on 127.0.0.1 to try --provider openai',
    load: async () => (await import('../commands/mockServer.js')).mockServerCommand,
  },
  {
    name: 'diagram',
    summary: 'draw the session or scheduler statechart from its definition, as Mermaid, Graphviz DOT or SVG',
    load: async () => (await import('../commands/diagram.js')).diagramCommand,
  },
];

const NAMES = COMMANDS.map((c) => c.name).join(', ');

const usage = () => {
  const rows = [...COMMANDS.map((c) => [c.name, c.summary] as const), ['help', 'show this help, or a command\'s ("switchboard help run")'] as const];
  const width = Math.max(...rows.map(([name]) => name.length));
  return `Usage: switchboard <command> [flags]

Switchboard keeps many LLM chat sessions alive at once. A scheduler with a fixed number of
slots serves the active session first and preempts background answers, which resume later
from their partial and end exactly as an uninterrupted answer would. Answers come from a
built-in simulated model, or from an OpenAI-compatible server with "--provider openai"
(its API key is read from OPENAI_API_KEY only).

Commands:
${rows.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`).join('\n')}

Run "switchboard <command> --help" for a command's flags.
`;
};

/** Store failures that are the user's to fix; `closed` and `not_found` would be our own bugs. */
const USER_STORE_ERRORS: ReadonlySet<string> = new Set(['corrupt', 'locked', 'read_only', 'newer_schema', 'io']);

/** Errors that are the user's to fix: one line, no stack, exit 2. */
async function isUserError(error: unknown): Promise<boolean> {
  if (error instanceof UsageError || error instanceof ScenarioError) return true;
  if (!(error instanceof Error)) return false;
  // Only a command that ran can have thrown the switchboard's errors, so the engine is loaded by now.
  const { QueueFullError, SwitchboardError } = await import('@switchboard/core');
  if (error instanceof SwitchboardError || error instanceof QueueFullError) return true;
  // A database that cannot be used (damaged, locked, read-only, newer, a missing directory):
  // the store's message names the file and what to do. Checked by name first, so that a
  // command that never opened a database does not load the native module to find out.
  if (error.name !== 'StoreError') return false;
  const { StoreError } = await import('@switchboard/store');
  return error instanceof StoreError && USER_STORE_ERRORS.has(error.code);
}

/**
 * The `switchboard` command line: dispatches to a command and maps errors to exit codes
 * (2 for the user's mistakes, 1 for anything else). Only a command's own output reaches
 * stdout, so `--json` output can be piped. The API keys of the environment
 * (`OPENAI_API_KEY`, `MOCK_SERVER_API_KEY`) are replaced by `[redacted]` in all output.
 *
 * @returns the exit code
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function main(argv: readonly string[], rawIO: CommandIO): Promise<number> {
  // A safety net: nothing printed should hold an API key in the first place, but a server
  // may echo one in an error, a model in its answer, a stack trace in its message.
  const io = redactOutput(rawIO, secretsOf(rawIO.env));
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
      io.stdout.write(usage());
      return 0;
    }
    if (name === 'help') {
      const command = COMMANDS.find((c) => c.name === rest[0]);
      if (!command) throw new UsageError(`no help for unknown command "${rest[0]}" (commands: ${NAMES})`);
      return await (await command.load()).run(['--help'], io);
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}" (commands: ${NAMES}, help; see "switchboard --help")`);
    return await (await command.load()).run(rest, io);
  } catch (error) {
    if (await isUserError(error)) {
      const { message } = error as Error;
      // A scenario error already starts with "file:line:", the form editors jump to.
      io.stderr.write(error instanceof ScenarioError ? `${message}\n` : `switchboard: ${message}\n`);
      return 2;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`switchboard: internal error (please report it): ${detail}\n`);
    return 1;
  }
}
