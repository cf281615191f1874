import { writeFile } from 'node:fs/promises';
import { oneOf } from '../cli/flagValues.js';
import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { DIAGRAM_FORMATS, DIAGRAM_MACHINES } from '../diagram/choices.js';

const HELP = `Usage: switchboard diagram [flags]

Draws one of Switchboard's statecharts from its real machine definition: the session
machine (one per chat session: idle, queued, streaming, suspended, resuming, failed) or
the scheduler machine. The diagrams in README.md and docs/ are generated the same way.

Flags:
  --machine session|scheduler   which machine (default session)
  --format mermaid|dot|svg      mermaid: a Mermaid stateDiagram-v2, for Markdown (default)
                                dot: Graphviz DOT, for "dot -Tpng"
                                svg: a standalone SVG, laid out by Switchboard itself (no
                                Graphviz, nothing fetched); each state is a
                                <g class="sb-state" data-state="KEY">, each transition a
                                <g class="sb-transition" data-event="TYPE" data-from data-to>
  --out FILE                    write to FILE instead of stdout
  -h, --help                    show this help

Your own machines: toMermaid(machine), toDot(machine) and toSvg(machine, { active })
from @switchboard/core draw any XState v5 machine, nested and parallel states included.

Examples:
  switchboard diagram
  switchboard diagram --machine scheduler --format svg --out scheduler.svg
  switchboard diagram --format dot | dot -Tpng > session.png

Exit status: 0 when drawn; 2 for a bad flag or a file that cannot be written.
`;

const FLAGS = {
  machine: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function writeDiagram(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`cannot write ${path}: its directory does not exist`);
    if (code === 'EISDIR') throw new UsageError(`cannot write ${path}: it is a directory (give a file name to --out)`);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`cannot write ${path}: permission denied`);
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/** `switchboard diagram`: prints or writes a statechart of the session or scheduler machine. */
export const diagramCommand: Command = {
  name: 'diagram',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseFlags('diagram', args, FLAGS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const [extra] = positionals;
    if (extra !== undefined) {
      const hint = (DIAGRAM_MACHINES as readonly string[]).includes(extra) ? ` (for that machine: --machine ${extra})` : ` (see "switchboard diagram --help")`;
      throw new UsageError(`"switchboard diagram" takes no arguments, got "${extra}"${hint}`);
    }
    const machine = oneOf('--machine', values.machine ?? 'session', DIAGRAM_MACHINES);
    const format = oneOf('--format', values.format ?? 'mermaid', DIAGRAM_FORMATS);
    if (values.out === '') throw new UsageError('--out needs a file name');

    // The machines (XState) load only now: help and flag mistakes are reported without the wait.
    const { machineDiagram } = await import('../diagram/machineDiagram.js');
    const text = machineDiagram(machine, format);
    if (values.out === undefined) {
      io.stdout.write(text);
      return 0;
    }
    await writeDiagram(values.out, text);
    io.stderr.write(`switchboard: wrote the ${machine} machine as ${format} to ${values.out}\n`);
    return 0;
  },
};
