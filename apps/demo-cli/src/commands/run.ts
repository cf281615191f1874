import { readFile } from 'node:fs/promises';
import { oneOf, integer, nonNegativeInteger, positiveInteger, positiveNumber } from '../cli/flagValues.js';
import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { createPalette, wantsColor } from '../output/colors.js';
import { formatHumanReport } from '../output/humanReport.js';
import { buildJsonReport } from '../output/jsonReport.js';
import { parseScenario } from '../scenario/parseScenario.js';
import type { SimulationConfig } from '../simulation/createSimulation.js';

const HELP = `Usage: switchboard run <scenario-file> [flags]

Runs a scenario script on the simulated provider and reports what the scheduler did:
the state changes of every session as a timeline, the scheduler's stats, the transcripts.

Flags:
  --concurrency N        slots: answers that may stream at once (default 1)
  --tokens N             tokens per answer (default 48)
  --rate N               tokens per second while streaming (default 40)
  --first-token-ms N     delay before the first token, paid again on every resume (default 250)
  --seed N               varies the simulated answers (default 0)
  --clock real|virtual   real: waits take real time (default)
                         virtual: the run finishes at once, with exact times that are
                         identical on every run
  --json                 print one JSON document on stdout instead of the report
  --no-color             no colours (they are also off when stdout is not a terminal
                         or NO_COLOR is set)
  -h, --help             show this help

Scenario language: one command per line; # starts a comment; blank lines are ignored.
  new <id>               create a session
  switch <id>            make it the active (foreground) session: its work goes first
  send <id> <text...>    send a message (does not wait for the answer)
  cancel <id>            cancel the session's current turn
  wait <ms>              let that many milliseconds pass
  wait idle              wait until every session is idle
A run ends with an implicit "wait idle". The whole script is checked before it runs.

JSON document (--json):
  {"sessions":[{"id","state","messages":[{"role","content"}]}],
   "transitions":[{"at","session","from","to"}], "stats":{...}, "config":{...}}
  "at" is in ms since the run started: exact on the virtual clock, rounded on the real one.

Exit status: 0 on success, 2 for a bad flag, a missing file or a bad scenario.

Example:
  switchboard run apps/demo-cli/examples/preempt.scenario --clock virtual
`;

const FLAGS = {
  concurrency: { type: 'string' },
  tokens: { type: 'string' },
  rate: { type: 'string' },
  'first-token-ms': { type: 'string' },
  seed: { type: 'string' },
  clock: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** More tokens than this would only make the simulated reply allocate without limit. */
const MAX_TOKENS = 100_000;

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
    const config: SimulationConfig = {
      concurrency: positiveInteger('--concurrency', values.concurrency ?? '1'),
      tokens: positiveInteger('--tokens', values.tokens ?? '48', MAX_TOKENS),
      rate: positiveNumber('--rate', values.rate ?? '40'),
      firstTokenMs: nonNegativeInteger('--first-token-ms', values['first-token-ms'] ?? '250'),
      seed: integer('--seed', values.seed ?? '0'),
      clock: oneOf('--clock', values.clock ?? 'real', ['real', 'virtual'] as const),
    };
    const file = positionals[0]!;
    const steps = parseScenario(await readScenarioFile(file), file);

    // The engine (XState, RxJS) is loaded only now: help and mistakes are reported without the wait.
    const [{ createSimulation }, { runScenario }] = await Promise.all([
      import('../simulation/createSimulation.js'),
      import('../scenario/runScenario.js'),
    ]);
    const { board, timing } = createSimulation(config);
    try {
      const result = await runScenario(steps, { board, timing, file });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(buildJsonReport(result, config), null, 2)}\n`);
      } else {
        const palette = createPalette(wantsColor(io.stdout, io.env, values['no-color'] === true));
        io.stdout.write(formatHumanReport(result, config, file, palette, Math.min(io.stdout.columns || 80, 100)));
      }
      return 0;
    } finally {
      board.stop();
    }
  },
};
