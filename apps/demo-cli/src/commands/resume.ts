import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { createPalette, wantsColor } from '../output/colors.js';
import { formatHumanReport } from '../output/humanReport.js';
import { buildJsonReport } from '../output/jsonReport.js';
import { plural } from '../output/text.js';
import { ENVIRONMENT_HELP, PROVIDER_FLAGS, PROVIDER_HELP } from '../provider/providerFlags.js';
import { RUN_FLAGS, RUN_SIMULATED_HELP, readRunFlags } from '../provider/readRunFlags.js';
import type { TimelineEntry } from '../scenario/watchTransitions.js';
import { closeBoard } from '../store/closeBoard.js';
import { interruptedNote } from '../store/interruptedNote.js';
import { openDatabase } from '../store/openDatabase.js';
import { withRunFlags } from '../store/runSettings.js';
import { storeErrorReporter } from '../store/storeErrorReporter.js';

const HELP = `Usage: switchboard resume --db PATH [flags]

Finishes what a run or a chat left unfinished in a database: restores every session,
resumes each interrupted answer from its saved partial (through the same continuation as
a preemption), answers the messages that were waiting, and reports like "switchboard run"
once everything is idle. A database with nothing unfinished gives the report with no work
(and says so on stderr).

The board flags of the run that wrote the database (slots, provider, model, base URL,
the simulated provider's settings) are kept in it and used again, so resumed answers go
on as they started; flags given here override them. API keys are never stored: they come
from the environment (OPENAI_API_KEY), as for run.

Flags:
  --db PATH              the database to resume (required; it must exist)
  --concurrency N        slots: answers that may stream at once (default 1)
  --json                 print the same JSON document as "switchboard run --json"
  --no-color             no colours (they are also off when stdout is not a terminal
                         or NO_COLOR is set)
  -h, --help             show this help

${RUN_SIMULATED_HELP}

${PROVIDER_HELP}

${ENVIRONMENT_HELP}

The timeline starts once the sessions are restored: a resumed answer is first seen queued
or already streaming. Interrupted again (Ctrl+C), it saves its progress: resume again.

Exit status: 0 when every resumed answer completed (or there was nothing to resume); 1
when one failed or the database could not be written; 2 for a bad flag, no database at
PATH, or a database that cannot be used (damaged, in use by another process, read-only,
from a newer Switchboard: the message says what to do, and the file is left as it was).

Examples:
  switchboard run my.scenario --db runs.db      # interrupted by Ctrl+C or a crash
  switchboard resume --db runs.db
  switchboard resume --db runs.db --json | jq '.sessions[].messages[-1].content'
`;

const FLAGS = {
  ...RUN_FLAGS,
  db: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...PROVIDER_FLAGS,
} as const;

/** `switchboard resume`: finishes the interrupted work of a database and reports it as `run` does. */
export const resumeCommand: Command = {
  name: 'resume',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseFlags('resume', args, FLAGS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`"switchboard resume" takes no arguments, got "${positionals[0]}" (the database goes in --db PATH)`);
    const db = values.db;
    if (db === undefined) throw new UsageError('"switchboard resume" needs --db PATH: the database to resume');
    // Checked before the file is touched; read again below with the run's own flags under them.
    readRunFlags('resume', values);

    const [{ createBoard }, { watchTransitions }] = await Promise.all([
      import('../provider/createBoard.js'),
      import('../scenario/watchTransitions.js'),
    ]);
    const store = await openDatabase(db, { mustExist: true });
    let flags;
    try {
      flags = readRunFlags('resume', withRunFlags(store, values));
    } catch (error) {
      store.close();
      throw error;
    }
    const { choice, base, simulated } = flags;
    const reporter = storeErrorReporter(io.stderr, db);
    let built;
    try {
      built = createBoard(choice, base, simulated, io.env, { store, onStoreError: reporter.onStoreError });
    } catch (error) {
      store.close();
      throw error;
    }
    const { board, timing, config } = built;
    const close = closeBoard(board, store, () => interruptedNote(io.stderr, db));
    try {
      const start = timing.clock.now();
      const transitions: TimelineEntry[] = [];
      const unwatch = watchTransitions(board, { start, span: timing.span }, (entry) => transitions.push(entry));
      // Read now: the partial a turn resumes from is gone once it completes.
      const work = board.restored.map((reply) => {
        const turn = board.session(reply.sessionId).turn;
        if (turn?.id !== reply.messageId) return `${reply.sessionId} (waiting)`;
        return `${reply.sessionId} (${turn.partial === '' ? 'not started' : `from ${plural(turn.partial.length, 'character')}`})`;
      });
      const failures: string[] = [];
      for (const reply of board.restored) {
        reply.result.catch((error: unknown) => failures.push(`${reply.sessionId}: ${(error as Error).message}`));
      }
      if (work.length === 0) {
        io.stderr.write(`switchboard: nothing to resume in ${db}: no session has an unfinished answer or a waiting message\n`);
      } else if (!values.json) {
        io.stdout.write(`Resuming ${plural(work.length, 'answer')} from ${db}: ${work.join(', ')}\n\n`);
      }
      try {
        if (!(await timing.untilIdle(board))) {
          throw new Error(`the resumed work can never finish: ${board.outstanding} message(s) unanswered and nothing left to happen`);
        }
      } finally {
        unwatch();
      }
      // Every reply has ended: let their rejection handlers run before counting.
      await Promise.allSettled(board.restored.map((reply) => reply.result));
      const result = { sessions: board.sessions(), transitions, stats: board.stats(), durationMs: timing.span(start, timing.clock.now()) };
      if (values.json) {
        io.stdout.write(`${JSON.stringify(buildJsonReport(result, config), null, 2)}\n`);
      } else {
        const palette = createPalette(wantsColor(io.stdout, io.env, values['no-color'] === true));
        io.stdout.write(formatHumanReport(result, config, db, palette, Math.min(io.stdout.columns || 80, 100), `Resume of ${db}`));
      }
      if (failures.length > 0) {
        io.stderr.write(`switchboard: ${plural(failures.length, 'resumed answer')} failed (${failures[0]})\n`);
        return 1;
      }
      return reporter.failed ? 1 : 0;
    } finally {
      close();
    }
  },
};
