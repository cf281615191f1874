import type { SessionStore } from '@switchboard/core';
import { oneOf } from '../cli/flagValues.js';
import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { createPalette, wantsColor } from '../output/colors.js';
import { plural } from '../output/text.js';
import { confirm } from '../sessions/confirm.js';
import { buildSessionsExport, exportSession } from '../sessions/exportShape.js';
import { exportMarkdown } from '../sessions/exportMarkdown.js';
import { formatSession } from '../sessions/formatSession.js';
import { formatSessionTable } from '../sessions/formatSessionTable.js';
import { pickSessions } from '../sessions/pickSessions.js';
import { summarise } from '../sessions/summarise.js';
import { writeNewFile } from '../sessions/writeNewFile.js';
import { defaultDbPath } from '../store/defaultDbPath.js';
import { openDatabase } from '../store/openDatabase.js';

const HELP = `Usage: switchboard sessions <list|show|export|delete> [flags]

Looks after the sessions kept in a database (written by "switchboard chat", "run --db" or
"resume"). list, show and export only read: they open the file read-only, so they work
while a chat has it open, and change nothing. delete needs the database to itself.

  switchboard sessions list [--json]
      every session: id, name, state, messages, last update, unfinished work
  switchboard sessions show <id> [--json]
      one transcript; an answer left unfinished is shown with its partial and marked,
      and so are the messages waiting behind it
  switchboard sessions export [<id>...] [--format json|markdown] [--out FILE]
      the transcripts of the sessions named, or of all of them; to stdout, or to FILE
      (created readable by you only; an existing file is never overwritten)
  switchboard sessions delete <id>... [--yes]
      deletes sessions with all their messages; asks first at a terminal, and without
      one needs --yes

Flags:
  --db PATH              the database (default: the chat's, $XDG_STATE_HOME/switchboard/
                         sessions.db, else ~/.local/state/switchboard/sessions.db)
  --json                 list, show: print JSON instead of text
  --format json|markdown export: the format (default json)
  --out FILE             export: write to FILE instead of stdout
  --yes                  delete: do not ask
  --no-color             show: no colours
  -h, --help             show this help

JSON of export (version 1; new fields may be added, none changes meaning within a version):
  {"format":"switchboard-sessions","version":1,"sessions":[{"id","name","state",
   "createdAt","updatedAt","messages":[{"id","role","content","at","status"?,"toolCalls"?}],
   "unfinished":null|{"messageId","partial","tokens"},"pending":[{"id","content","at"}]}]}
  Times are ISO 8601 in UTC. "status" (completed, cancelled, failed) is on every answer;
  a cancelled or failed one keeps its partial text. "unfinished" is the answer that was
  streaming, suspended or queued when the database was last written: its question is the
  last message, "partial" what was received. "pending" holds the messages waiting behind it.
  "show --json" prints one such session; "list --json" an array of
  {"id","name","state","messages","unfinishedChars","pending","createdAt","updatedAt"}.

Exit status: 0 on success; 1 when a deletion is not confirmed; 2 for a bad flag, an
unknown session id (the message lists the known ones), no database at PATH, or a database
that cannot be used (the message says what to do; the file is left as it was).

Examples:
  switchboard sessions list
  switchboard sessions show s1 --db runs.db
  switchboard sessions export --format markdown --out chats.md
  switchboard sessions delete s2 s3 --yes
`;

const FLAGS = {
  list: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  show: { db: { type: 'string' }, json: { type: 'boolean' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  export: { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  delete: { db: { type: 'string' }, yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
} as const;

type Action = keyof typeof FLAGS;
const ACTIONS = Object.keys(FLAGS) as Action[];

/** Opens the database for one action and closes it however the action ends. */
async function withStore<T>(db: string, readOnly: boolean, action: (store: SessionStore) => T | Promise<T>): Promise<T> {
  const store = await openDatabase(db, { mustExist: true, readOnly });
  try {
    return await action(store);
  } finally {
    store.close();
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function list(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags('sessions', args, FLAGS.list, false);
  const db = values.db ?? defaultDbPath(io.env);
  const rows = await withStore(db, true, (store) => store.loadAll().sessions.map(summarise));
  io.stdout.write(values.json ? json(rows) : formatSessionTable(rows, db));
  return 0;
}

async function show(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('sessions', args, FLAGS.show, true);
  if (positionals.length !== 1) throw new UsageError('"switchboard sessions show" takes one session id (see "switchboard sessions list")');
  const db = values.db ?? defaultDbPath(io.env);
  return withStore(db, true, (store) => {
    const [id] = pickSessions(store.listSessions(), positionals, db);
    const loaded = store.loadSession(id!)!;
    const palette = createPalette(wantsColor(io.stdout, io.env, values['no-color'] === true));
    io.stdout.write(values.json ? json(exportSession(loaded)) : formatSession(loaded, db, palette, Math.min(io.stdout.columns || 80, 100)));
    return 0;
  });
}

async function exportSessions(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('sessions', args, FLAGS.export, true);
  const format = oneOf('--format', values.format ?? 'json', ['json', 'markdown'] as const);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file path');
  const db = values.db ?? defaultDbPath(io.env);
  const text = await withStore(db, true, (store) => {
    const ids = pickSessions(store.listSessions(), positionals, db);
    const all = store.loadAll().sessions;
    // In the order asked for; all of them, in creation order, when none is named.
    const sessions = positionals.length === 0 ? all : ids.map((id) => all.find((s) => s.session.id === id)!);
    return format === 'json' ? json(buildSessionsExport(sessions)) : exportMarkdown(sessions);
  });
  if (values.out === undefined) {
    io.stdout.write(text);
  } else {
    writeNewFile(values.out, text);
    io.stderr.write(`switchboard: wrote ${values.out}\n`);
  }
  return 0;
}

async function deleteSessions(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('sessions', args, FLAGS.delete, true);
  if (positionals.length === 0) throw new UsageError('"switchboard sessions delete" needs the ids of the sessions to delete (see "switchboard sessions list")');
  const db = values.db ?? defaultDbPath(io.env);
  return withStore(db, false, async (store) => {
    const ids = pickSessions(store.listSessions(), positionals, db);
    const what = `${plural(ids.length, 'session')} (${ids.join(', ')})`;
    if (!values.yes) {
      const yes = await confirm(`Delete ${what} from ${db} with all their messages?`, io.stderr);
      if (yes === null) throw new UsageError(`not deleting ${what} without confirmation: there is no terminal to ask at, add --yes`);
      if (!yes) {
        io.stderr.write('switchboard: nothing deleted\n');
        return 1;
      }
    }
    // One transaction: all of them go, or none.
    store.commit({ deleted: ids });
    io.stderr.write(`switchboard: deleted ${what} from ${db}\n`);
    return 0;
  });
}

const RUN: Record<Action, (args: readonly string[], io: CommandIO) => Promise<number>> = {
  list,
  show,
  export: exportSessions,
  delete: deleteSessions,
};

/** `switchboard sessions`: lists, shows, exports and deletes the sessions of a database. */
export const sessionsCommand: Command = {
  name: 'sessions',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const [action, ...rest] = args;
    if (action === undefined || action === '--help' || action === '-h' || action === 'help' || rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(HELP);
      return 0;
    }
    if (!(ACTIONS as string[]).includes(action)) {
      throw new UsageError(`unknown action "${action}" for "switchboard sessions" (actions: ${ACTIONS.join(', ')}; see "switchboard sessions --help")`);
    }
    return RUN[action as Action](rest, io);
  },
};
