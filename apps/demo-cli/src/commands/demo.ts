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
import type { SimulationConfig } from '../simulation/createSimulation.js';

const HELP = `Usage: switchboard demo [flags]

A live showcase on the simulated provider and the real clock (about 6 s with the
defaults). Three sessions (research, email, code) share the slots. You look at "code"
while research and email work in the background; a second research message waits behind
the first answer. Part-way into research's answer you ask something in code: research's
answer is preempted and suspended with its partial. When code's answer is done you switch
to research and watch its answer resume where it stopped; then email's answer, which
waited all along.

Live output: every state change, your switches and messages, and the text of the session
you are looking at (background text is not printed live). Then the scheduler's stats and
the transcripts, and a check that every answer equals the answer an uninterrupted run gives.

Flags:
  --concurrency N   slots: answers that may stream at once (default 1)
  --rate N          tokens per second while streaming (default 40)
  --tokens N        tokens per answer (default 48)
  --no-color        no colours (they are also off when stdout is not a terminal
                    or NO_COLOR is set)
  -h, --help        show this help

Exit status: 0 when every answer checks out, 1 when one does not, 2 for a bad flag.
`;

const FLAGS = {
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  tokens: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A demo is for watching: longer answers would only make it slow, not clearer. */
const MAX_TOKENS = 2_000;
const FIRST_TOKEN_MS = 250;

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
    const config: SimulationConfig = {
      concurrency: positiveInteger('--concurrency', values.concurrency ?? '1'),
      tokens: positiveInteger('--tokens', values.tokens ?? '48', MAX_TOKENS),
      rate: positiveNumber('--rate', values.rate ?? '40'),
      firstTokenMs: FIRST_TOKEN_MS,
      seed: 0,
      clock: 'real',
    };

    const palette = createPalette(wantsColor(io.stdout, io.env, values['no-color'] === true));
    const width = Math.min(io.stdout.columns || 80, 100);
    const paintSession = sessionPainter(palette, DEMO_SESSIONS);
    const style = { palette, paintSession, nameWidth: Math.max(...DEMO_SESSIONS.map((id) => id.length)), decimals: 2 };
    const view = new LiveView(io.stdout, width);

    // The engine (XState, RxJS) is loaded only now: help and mistakes are reported without the wait.
    const [{ systemClock }, { createSimulation }, { verifyAnswers }, { Director }, { playDemo }] = await Promise.all([
      import('@switchboard/core'),
      import('../simulation/createSimulation.js'),
      import('../simulation/verifyAnswers.js'),
      import('../demo/Director.js'),
      import('../demo/script.js'),
    ]);
    const { board } = createSimulation(config);

    // The pause between the user's actions scales with an answer's length, within limits a person can follow.
    const answerMs = FIRST_TOKEN_MS + (config.tokens * 1000) / config.rate;
    const beatMs = Math.round(Math.min(400, Math.max(50, answerMs * 0.2)));

    view.line(palette.bold(`Switchboard demo: ${DEMO_SESSIONS.length} sessions, ${plural(config.concurrency, 'slot')}`));
    view.line(palette.dim(`simulated answers of ${plural(config.tokens, 'token')} at ${config.rate} tokens/s, first token after ${FIRST_TOKEN_MS} ms`));
    view.line('');

    const director = new Director(board, systemClock, view, style);
    try {
      await playDemo(director, { slots: config.concurrency, tokens: config.tokens, seed: config.seed, beatMs });
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

      const checks = verifyAnswers(sessions, { seed: config.seed, tokens: config.tokens });
      const failed = checks.filter((c) => !c.matches);
      if (failed.length === 0 && checks.length > 0) {
        const interrupted = stats.preemptions === 0 ? 'none was interrupted' : `${stats.preemptions} preempted and resumed`;
        view.line(palette.green(`✓ all ${checks.length} answers equal their uninterrupted answers (${interrupted})`));
        return 0;
      }
      for (const c of failed) {
        view.line(palette.red(`✗ ${c.sessionId}: answer ${c.messageId} differs from the uninterrupted answer`));
        view.line(`    expected: ${c.expected}`);
        view.line(`    actual:   ${c.actual}`);
      }
      if (checks.length === 0) view.line(palette.red('✗ no completed answer to check'));
      return 1;
    } finally {
      director.stop();
      board.stop();
    }
  },
};
