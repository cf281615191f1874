import { positiveInteger, positiveNumber } from '../cli/flagValues.js';
import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { LiveView } from '../demo/LiveView.js';
import { DEMO_SESSIONS } from '../demo/sessions.js';
import { createPalette, sessionPainter, wantsColor } from '../output/colors.js';
import { formatStatsTable } from '../output/statsTable.js';
import { formatSeconds, plural } from '../output/text.js';
import { formatTranscripts } from '../output/transcripts.js';
import { describeProvider } from '../provider/config.js';
import { ENVIRONMENT_HELP, PROVIDER_FLAGS, PROVIDER_HELP, readProviderFlags } from '../provider/providerFlags.js';
import { INSPECT_FLAGS, INSPECT_HELP } from '../inspect/inspectFlags.js';
import { openInspection } from '../inspect/openInspection.js';
import { closeBoard } from '../store/closeBoard.js';
import { interruptedNote } from '../store/interruptedNote.js';
import { openDatabase } from '../store/openDatabase.js';
import { refuseNonEmptyDatabase } from '../store/refuseExistingSessions.js';
import { storeErrorReporter } from '../store/storeErrorReporter.js';

const HELP = `Usage: switchboard demo [flags]

A live showcase on the real clock (about 6 s with the simulated defaults). Three sessions
(research, email, code) share the slots. You look at "code" while research and email work
in the background; a second research message waits behind the first answer. Part-way into
research's answer you ask something in code: research's answer is preempted and suspended
with its partial. When code's answer is done you switch to research and watch its answer
resume where it stopped; then email's answer, which waited all along.

Live output: every state change, your switches and messages, and the text of the session
you are looking at (background text is not printed live). Then the scheduler's stats and
the transcripts. On the simulated provider, a check that every answer equals the answer
an uninterrupted run gives; with --provider openai the answers are not known in advance,
so the demo reports the preemptions and resumes instead.

Flags:
  --concurrency N   slots: answers that may stream at once (default 1)
  --db PATH         keep the demo's sessions in this database file, to look at them
                    later with "switchboard sessions" (created if missing; it must
                    hold no session yet). Without it the demo is in memory only
  --no-color        no colours (they are also off when stdout is not a terminal
                    or NO_COLOR is set)
  -h, --help        show this help

Simulated provider only (refused with --provider openai, whose server decides):
  --rate N          tokens per second while streaming (default 40)
  --tokens N        tokens per answer (default 48)

${PROVIDER_HELP}

${ENVIRONMENT_HELP}

${INSPECT_HELP}
  With --inspect the page stays up after the demo until Ctrl+C.

Exit status: 0 when every answer checks out (simulated) or completed (openai); 1 when
one does not (an answer differs, or a turn failed: a refused key, an unknown model, a
server that is down); 2 for a bad flag or a provider that cannot be set up.

Examples:
  switchboard demo --tokens 80 --rate 60
  OPENAI_API_KEY=... switchboard demo --provider openai --model gpt-4o-mini
`;

const FLAGS = {
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  tokens: { type: 'string' },
  db: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...PROVIDER_FLAGS,
  ...INSPECT_FLAGS,
} as const;

/** A demo is for watching: longer answers would only make it slow, not clearer. */
const MAX_TOKENS = 2_000;
const FIRST_TOKEN_MS = 250;
/** The pause before the last switch when the answers' pace is not known. */
const SERVER_BEAT_MS = 300;

/** `switchboard demo`: the scheduler at work, live, with a verified ending. */
export const demoCommand: Command = {
  name: 'demo',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseFlags('demo', args, FLAGS, false);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`"switchboard demo" takes no arguments, got "${positionals[0]}"`);
    const concurrency = positiveInteger('--concurrency', values.concurrency ?? '1');
    const simulated = {
      tokens: positiveInteger('--tokens', values.tokens ?? '48', MAX_TOKENS),
      rate: positiveNumber('--rate', values.rate ?? '40'),
      firstTokenMs: FIRST_TOKEN_MS,
      seed: 0,
      clock: 'real' as const,
    };
    const { choice, maxRetries, stallTimeoutMs } = readProviderFlags('demo', values, { '--tokens': values.tokens, '--rate': values.rate });

    const palette = createPalette(wantsColor(io.stdout, io.env, values['no-color'] === true));
    const width = Math.min(io.stdout.columns || 80, 100);
    const paintSession = sessionPainter(palette, DEMO_SESSIONS);
    const style = { palette, paintSession, nameWidth: Math.max(...DEMO_SESSIONS.map((id) => id.length)), decimals: 2 };

    // The engine (XState, RxJS, the SDK) is loaded only now: help and mistakes are reported without the wait.
    const [{ systemClock }, { createBoard }, { verifyAnswers }, { Director }, { playDemo, simulatedPreemptAt, SERVER_PREEMPT_AT_CHARS }] =
      await Promise.all([
        import('@switchboard/core'),
        import('../provider/createBoard.js'),
        import('../simulation/verifyAnswers.js'),
        import('../demo/Director.js'),
        import('../demo/script.js'),
      ]);
    const inspection = await openInspection('demo', values, io);
    const db = values.db;
    const store = db === undefined ? undefined : await inspection.guard(() => openDatabase(db));
    const reporter = db === undefined ? undefined : storeErrorReporter(io.stderr, db);
    const { board, config } = await inspection.guard(() => {
      try {
        if (store) refuseNonEmptyDatabase(store, db!);
        return createBoard(choice, { concurrency, maxRetries, stallTimeoutMs }, simulated, io.env, {
          ...(store === undefined ? {} : { store, onStoreError: reporter!.onStoreError }),
          ...inspection.extras,
        });
      } catch (error) {
        store?.close();
        throw error;
      }
    });
    const close = closeBoard(board, store, () => interruptedNote(io.stderr, db));
    const view = new LiveView(io.stdout, width);

    // The pause between the user's actions scales with an answer's length, within limits a person can follow.
    const answerMs = FIRST_TOKEN_MS + (simulated.tokens * 1000) / simulated.rate;
    const beatMs = config.provider === 'simulated' ? Math.round(Math.min(400, Math.max(50, answerMs * 0.2))) : SERVER_BEAT_MS;
    const preemptAtChars = config.provider === 'simulated' ? simulatedPreemptAt(simulated) : SERVER_PREEMPT_AT_CHARS;

    view.line(palette.bold(`Switchboard demo: ${DEMO_SESSIONS.length} sessions, ${plural(config.concurrency, 'slot')}`));
    view.line(
      palette.dim(
        config.provider === 'simulated'
          ? `simulated answers of ${plural(config.tokens, 'token')} at ${config.rate} tokens/s, first token after ${FIRST_TOKEN_MS} ms`
          : `answers from ${describeProvider(config)}`,
      ),
    );
    view.line('');

    const director = new Director(board, systemClock, view, style);
    try {
      await playDemo(director, { slots: config.concurrency, preemptAtChars, beatMs });
      director.stop();
      const wallMs = director.elapsed();
      const sessions = board.sessions();
      const stats = board.stats();

      view.line('');
      view.line(palette.bold('Summary') + palette.dim(`  (finished after ${formatSeconds(wallMs, 1)})`));
      view.line(formatStatsTable(stats, palette));
      view.line('');
      view.line(palette.bold('Transcripts'));
      view.line(formatTranscripts(sessions, palette, paintSession, width));
      view.line('');

      // A failed turn (a refused key, a server that is down) is the first thing to report.
      const answers = sessions.flatMap((s) => s.messages.filter((m) => m.role === 'assistant'));
      const failedSessions = sessions.filter((s) => s.messages.some((m) => m.role === 'assistant' && m.status === 'failed'));
      for (const session of failedSessions) {
        view.line(palette.red(`✗ ${session.id}: an answer failed: ${session.error?.message ?? 'see its transcript'}`));
      }
      const happened =
        `${plural(stats.preemptions, 'preemption')}, ${plural(stats.resumes, 'resume')}, ` +
        `${stats.retries} ${stats.retries === 1 ? 'retry' : 'retries'} after a fault`;

      if (config.provider === 'openai') {
        // The server's answers are not known in advance: report what happened, compare nothing.
        if (failedSessions.length === 0 && answers.length > 0) {
          view.line(palette.green(`all ${answers.length} answers completed: ${happened} (continuation ${config.continuation})`));
          view.line(palette.dim("  not compared with uninterrupted answers: a real model's answers are not known in advance"));
          return 0;
        }
        if (answers.length === 0) view.line(palette.red('✗ no answer at all'));
        view.line(palette.dim(`  ${happened}`));
        return 1;
      }

      const checks = verifyAnswers(sessions, { seed: config.seed, tokens: config.tokens });
      const differ = checks.filter((c) => !c.matches);
      if (failedSessions.length === 0 && differ.length === 0 && checks.length > 0) {
        const interrupted = stats.preemptions === 0 ? 'none was interrupted' : `${stats.preemptions} preempted and resumed`;
        view.line(palette.green(`✓ all ${checks.length} answers equal their uninterrupted answers (${interrupted})`));
        return 0;
      }
      for (const c of differ) {
        view.line(palette.red(`✗ ${c.sessionId}: answer ${c.messageId} differs from the uninterrupted answer`));
        view.line(`    expected: ${c.expected}`);
        view.line(`    actual:   ${c.actual}`);
      }
      if (checks.length === 0) view.line(palette.red('✗ no completed answer to check'));
      return 1;
    } finally {
      director.stop();
      close();
      await inspection.finish({ hold: true });
    }
  },
};
