import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { untilInterrupted } from '../inspect/untilInterrupted.js';

const HELP = `Usage: switchboard inspect <recording-file>

Replays a recording made with --record (on demo, run or chat) in the inspector page: the
actors and their states, the statecharts, the timeline of events between actors, the
queue and the answers so far, exactly as they were, with the page's controls to step back
and forth through the history. The page is served on 127.0.0.1 only, with a secret token
in the URL printed on stderr, until you press Ctrl+C. Works offline.

Flags:
  -h, --help   show this help

Exit status: 0 after Ctrl+C; 2 for a missing file or a bad recording (file:line: what is
wrong).

Example:
  switchboard run apps/demo-cli/examples/preempt.scenario --clock virtual --record run.jsonl
  switchboard inspect run.jsonl
`;

const FLAGS = { help: { type: 'boolean', short: 'h' } } as const;

/** `switchboard inspect FILE`: serves a recording in the inspector page until Ctrl+C. */
export const inspectCommand: Command = {
  name: 'inspect',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseFlags('inspect', args, FLAGS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('"switchboard inspect" needs a recording file (made with --record)');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}": "switchboard inspect" takes one recording file`);
    const file = positionals[0]!;
    const { RecordingError, replayRecording } = await import('@switchboard/inspector');
    let inspector;
    try {
      inspector = await replayRecording(file);
    } catch (error) {
      if (error instanceof RecordingError) throw new UsageError(error.message);
      throw error;
    }
    io.stderr.write(`replaying ${file} (${inspector.size} records)\ninspector: ${inspector.url} — press Ctrl+C to stop\n`);
    await untilInterrupted();
    await inspector.close();
    return 0;
  },
};
