import { readFile } from 'node:fs/promises';
import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { createPalette, wantsColor } from '../output/colors.js';
import { formatHumanReport } from '../output/humanReport.js';
import { buildJsonReport } from '../output/jsonReport.js';
import { ENVIRONMENT_HELP, PROVIDER_FLAGS, PROVIDER_HELP } from '../provider/providerFlags.js';
import { RUN_FLAGS, RUN_SIMULATED_HELP, readRunFlags } from '../provider/readRunFlags.js';
import { INSPECT_FLAGS, INSPECT_HELP } from '../inspect/inspectFlags.js';
import { openInspection } from '../inspect/openInspection.js';
import { parseScenario } from '../scenario/parseScenario.js';
import type { RunScenarioOptions } from '../scenario/runScenario.js';
import { plural } from '../output/text.js';
import { closeBoard } from '../store/closeBoard.js';
import { interruptedNote } from '../store/interruptedNote.js';
import { openDatabase } from '../store/openDatabase.js';
import { refuseExistingSessions } from '../store/refuseExistingSessions.js';
import { saveRunFlags } from '../store/runSettings.js';
import { storeErrorReporter } from '../store/storeErrorReporter.js';

const HELP = `Usage: switchboard run <scenario-file> [flags]

Runs a scenario script and reports what the scheduler did: the state changes of every
session as a timeline, the scheduler's stats, the transcripts. Answers come from the
simulated provider (the default) or from an OpenAI-compatible server (--provider openai).

Flags:
  --concurrency N        slots: answers that may stream at once (default 1)
  --json                 print one JSON document on stdout instead of the report
  --progress             print each step and state change to stderr as it happens
                         ("progress 1.25s line 7: send a accepted as m3"); a send is
                         reported once the message is accepted (and stored, with --db)
  --db PATH              keep the sessions in this database file (created if missing):
                         every message and partial answer is saved as it happens, and
                         "switchboard resume --db PATH" finishes what an interrupted run
                         left. Without it the run is in memory only. The sessions the
                         scenario creates must not be in the file already; any others
                         are restored and their unfinished answers finish in this run
  --no-color             no colours (they are also off when stdout is not a terminal
                         or NO_COLOR is set)
  -h, --help             show this help

${RUN_SIMULATED_HELP}

${PROVIDER_HELP}

${ENVIRONMENT_HELP}

${INSPECT_HELP}
  With --inspect the page stays up after the run until Ctrl+C. The URL and notes go to
  stderr, so --json output stays pure JSON.

Scenario language: one command per line; # starts a comment; blank lines are ignored.
  new <id>               create a session
  switch <id>            make it the active (foreground) session: its work goes first
  send <id> <text...>    send a message (does not wait for the answer)
  cancel <id>            cancel the session's current turn
  wait <ms>              let that many milliseconds pass
  wait idle              wait until every session is idle
A run ends with an implicit "wait idle". The whole script is checked before it runs.

JSON document (--json):
  {"sessions":[{"id","state","messages":[{"role","content","status"?}],"error"?:{"kind","message"}}],
   "transitions":[{"at","session","from","to"}], "stats":{...}, "config":{"provider",...}}
  "at" is in ms since the run started: exact on the virtual clock, rounded on the real one.
  "status" is on answers that did not complete (cancelled, failed); "error" says why a
  session's turn failed. "config" holds the effective settings, never the API key.

Exit status: 0 when every answer completed or was cancelled by the script; 1 when a turn
failed (a refused key, an unknown model, a server that is down: the report says which);
2 for a bad flag, a missing file, a bad scenario, or a provider that cannot be set up.

Examples:
  switchboard run apps/demo-cli/examples/preempt.scenario --clock virtual
  OPENAI_API_KEY=... switchboard run apps/demo-cli/examples/preempt.scenario --provider openai
  OPENAI_BASE_URL=http://127.0.0.1:8000/v1 switchboard run my.scenario --provider openai \\
      --model Qwen/Qwen2.5-7B-Instruct --continuation prefix
`;

const FLAGS = {
  ...RUN_FLAGS,
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  db: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...PROVIDER_FLAGS,
  ...INSPECT_FLAGS,
} as const;


async function readScenarioFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`scenario file not found: ${path}`);
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory, not a scenario file`);
    if (code === 'EACCES') throw new UsageError(`cannot read scenario file ${path}: permission denied`);
    throw new UsageError(`cannot read scenario file ${path}: ${(error as Error).message}`);
  }
}

/** Live lines on stderr, so stdout keeps only the report (or the JSON document). */
function progressTo(stderr: CommandIO['stderr']): Pick<RunScenarioOptions, 'onStep' | 'onTransition'> {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;
  return {
    onStep: (step, at, messageId) => {
      const what = step.kind === 'send' ? `send ${step.session} accepted as ${messageId}` : step.kind === 'waitIdle' ? 'wait idle' : step.kind === 'wait' ? `wait ${step.ms}` : `${step.kind} ${step.session}`;
      stderr.write(`progress ${seconds(at)} line ${step.line}: ${what}\n`);
    },
    onTransition: (entry) => void stderr.write(`progress ${seconds(entry.at)} ${entry.session}: ${entry.from} → ${entry.to}\n`),
  };
}

/** `switchboard run`: executes a scenario script and reports on it, as text or as JSON. */
export const runCommand: Command = {
  name: 'run',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseFlags('run', args, FLAGS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('"switchboard run" needs a scenario file (see "switchboard run --help")');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}": "switchboard run" takes one scenario file`);

    // Validate every flag before touching the file, so a typo is reported at once.
    const { choice, base, simulated } = readRunFlags('run', values);
    const file = positionals[0]!;
    const steps = parseScenario(await readScenarioFile(file), file);

    // The engine (XState, RxJS, the SDK) is loaded only now: help and mistakes are reported without the wait.
    const [{ createBoard }, { runScenario }] = await Promise.all([
      import('../provider/createBoard.js'),
      import('../scenario/runScenario.js'),
    ]);
    // Opened only once the flags and the script are known good: a typo never touches the file.
    const inspection = await openInspection('run', values, io);
    const db = values.db;
    const store = db === undefined ? undefined : await inspection.guard(() => openDatabase(db));
    const reporter = db === undefined ? undefined : storeErrorReporter(io.stderr, db);
    let built;
    try {
      if (store) refuseExistingSessions(store, db!, steps.flatMap((s) => (s.kind === 'new' ? [s.session] : [])), 'the scenario');
      // For `resume`: the same slots and provider settings, so resumed answers match.
      if (store) saveRunFlags(store, values);
      built = createBoard(choice, base, simulated, io.env, {
        ...(store === undefined ? {} : { store, onStoreError: reporter!.onStoreError }),
        ...inspection.extras,
      });
    } catch (error) {
      store?.close();
      await inspection.finish({ hold: false });
      throw error;
    }
    const { board, timing, config } = built;
    // Turns restored from the database end in the report like the script's own.
    for (const reply of board.restored) reply.result.catch(() => undefined);
    const close = closeBoard(board, store, () => interruptedNote(io.stderr, db));
    try {
      const result = await runScenario(steps, { board, timing, file, ...(values.progress ? progressTo(io.stderr) : {}) });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(buildJsonReport(result, config), null, 2)}\n`);
      } else {
        const palette = createPalette(wantsColor(io.stdout, io.env, values['no-color'] === true));
        io.stdout.write(formatHumanReport(result, config, file, palette, Math.min(io.stdout.columns || 80, 100)));
      }
      // A failed turn is in the report; the exit status and one line on stderr tell a script.
      const failed = result.sessions.flatMap((s) =>
        s.messages.filter((m) => m.role === 'assistant' && m.status === 'failed').map(() => s),
      );
      // A database that could not be written was reported on stderr as it happened.
      if (failed.length === 0) return reporter?.failed ? 1 : 0;
      const first = failed[0]!;
      const why = first.error ? `${first.id}: ${first.error.message}` : 'see the transcripts';
      io.stderr.write(`switchboard: ${plural(failed.length, 'answer')} failed (${why})\n`);
      return 1;
    } finally {
      close();
      await inspection.finish({ hold: true });
    }
  },
};
