import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO } from '../cli/types.js';
import { secretRedactor, secretsOf } from '../cli/redactOutput.js';
import { UsageError } from '../cli/UsageError.js';
import { ENVIRONMENT_HELP, PROVIDER_FLAGS, PROVIDER_HELP } from '../provider/providerFlags.js';
import { BOARD_FLAGS, readRunFlags } from '../provider/readRunFlags.js';
import { INSPECT_FLAGS, INSPECT_HELP } from '../inspect/inspectFlags.js';
import { openInspection } from '../inspect/openInspection.js';
import { closeBoard } from '../store/closeBoard.js';
import { defaultDbPath, ensureDbDirectory } from '../store/defaultDbPath.js';
import { openDatabase } from '../store/openDatabase.js';

const HELP = `Usage: switchboard chat [flags]

An interactive chat in the terminal with many sessions at once. It starts with one
session, "chat 1"; /new or Ctrl+N adds more. The session you look at is served first:
answers of the others stream in the background, are suspended when you need their slot,
and resume later from their partial. The list at the top shows each session's state
(idle, queued #n = its place in the queue, streaming, suspended, resuming, failed), the
characters of its answer so far, "+n" for messages waiting behind the current answer,
and ● when a background answer ended since you last looked.

Keys:
  Enter                  send; while an answer streams the message is shown as pending
                         and sent after it
  Ctrl+N                 new session
  Tab, Ctrl+Right        next session
  Shift+Tab, Ctrl+Left   previous session
  Alt+1..9               jump to session 1..9 (in tmux and most terminals; on macOS
                         Terminal enable "Use Option as Meta key")
  Esc                    cancel the current answer (the partial is kept)
  Ctrl+U                 clear the input line
  Ctrl+C twice           quit

Commands (typed in the input line):
  /new [name]            new session        /switch <n|name>   go to a session
  /rename <name>         rename this one    /cancel            cancel the current answer
  /list                  list sessions      /help              keys and commands
  /quit                  leave              //text             send a message starting with /

Sessions are kept in a database: every message is saved as it is sent and a streaming
answer every 250 ms, so quitting, a closed terminal or a crash loses nothing you sent. The
next chat on the same database lists the sessions again and finishes the answers that
were unfinished, from where they stopped. One chat at a time per database.

Flags:
  --concurrency N        slots: answers that may stream at once (default 1)
  --db PATH              the database (created if missing; default
                         $XDG_STATE_HOME/switchboard/sessions.db, else
                         ~/.local/state/switchboard/sessions.db)
  --no-db                keep this chat in memory only: nothing is saved
  -h, --help             show this help

Simulated provider only (refused with --provider openai, whose server decides):
  --tokens N             tokens per answer (default 48)
  --rate N               tokens per second while streaming (default 40)
  --first-token-ms N     delay before the first token, paid again on every resume (default 250)
  --seed N               varies the simulated answers (default 0)

${PROVIDER_HELP}

${ENVIRONMENT_HELP}

${INSPECT_HELP}
  The inspector's URL is printed above the chat; the page closes when you quit.

Needs a terminal: with stdin or stdout redirected it exits with status 2 (use
"switchboard run" for scripts). A failed answer (a refused key, a server that is down)
is shown in its session; the chat goes on.

Examples:
  switchboard chat
  switchboard chat --concurrency 2 --rate 20
  OPENAI_API_KEY=... switchboard chat --provider openai --model gpt-4o-mini
`;

const FLAGS = {
  ...BOARD_FLAGS,
  db: { type: 'string' },
  'no-db': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...PROVIDER_FLAGS,
  ...INSPECT_FLAGS,
} as const;

/** `switchboard chat`: an interactive, multi-session chat (ink). */
export const chatCommand: Command = {
  name: 'chat',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseFlags('chat', args, FLAGS, false);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`"switchboard chat" takes no arguments, got "${positionals[0]}"`);
    // No --clock here, so the clock is the real one.
    const { choice, base, simulated } = readRunFlags('chat', values);
    if (values.db !== undefined && values['no-db']) throw new UsageError('--db and --no-db contradict each other: give one');
    if (!io.stdout.isTTY || !process.stdin.isTTY) {
      throw new UsageError('chat needs a terminal (stdin and stdout must be a TTY); for scripts and pipes use "switchboard run <scenario>"');
    }

    // We know we are at a terminal. With CI set (a CI job, a test inside tmux), ink would
    // otherwise draw only the last frame on exit; it reads the variable when first loaded.
    for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = '0';

    // The engine and the UI are loaded only now: help and mistakes are reported without the wait.
    const [{ createBoard }, { render }, { createElement }, { ChatStore }, { ChatApp }] = await Promise.all([
      import('../provider/createBoard.js'),
      import('ink'),
      import('react'),
      import('../chat/ChatStore.js'),
      import('../chat/ChatApp.js'),
    ]);
    let db: string | undefined;
    if (!values['no-db']) {
      db = values.db ?? defaultDbPath(io.env);
      if (values.db === undefined) ensureDbDirectory(db);
    }
    // A failed write is shown in the chat (stderr would tear the screen), once: every later
    // write fails the same way. The chat goes on in memory.
    let saveError: string | null = null;
    let showSaveError = () => {};
    const onStoreError = (error: unknown) => {
      if (saveError !== null) return;
      saveError = `could not save to ${db}: ${(error as Error).message} (the chat goes on, but is no longer saved)`;
      showSaveError();
    };
    const inspection = await openInspection('chat', values, io);
    const database = db === undefined ? undefined : await inspection.guard(() => openDatabase(db!));
    let built;
    try {
      built = createBoard(choice, base, simulated, io.env, {
        ...(database === undefined
          ? {}
          : { store: database, onStoreError }),
        ...inspection.extras,
      });
    } catch (error) {
      database?.close();
      await inspection.finish({ hold: false });
      throw error;
    }
    const { board, config } = built;
    // A restored answer that fails shows in its session, like any other.
    for (const reply of board.restored) reply.result.catch(() => undefined);
    const provider =
      config.provider === 'simulated'
        ? `simulated ${config.tokens} tok @ ${config.rate}/s`
        : `openai ${config.model}`;
    const redact = secretRedactor(secretsOf(io.env)) ?? ((text: string) => text);
    const store = new ChatStore(board, { provider, redact });
    showSaveError = () => store.setNotice(redact(saveError ?? ''));
    if (saveError !== null) showSaveError();
    // ink clears the screen, and the line printed on stderr with it: show the URL in the chat too.
    else if (inspection.url) store.setNotice(`inspector: ${inspection.url}`);
    // Restored sessions are listed; the newest is in view. A new database starts with one.
    const last = store.sessionIds.at(-1);
    if (last === undefined) store.newSession();
    else store.switchTo(last);
    let stopped = false;
    // Stops the board (unfinished answers stay in the database, to resume) then closes the
    // database; also on SIGTERM or a closed terminal.
    const closeAll = closeBoard(board, database);
    const stop = () => {
      if (stopped) return;
      stopped = true;
      store.dispose();
      closeAll();
    };
    // ink writes to the real terminal (io.stdout is a TTY here: the process's own).
    const app = render(createElement(ChatApp, { store, onQuit: stop }), { exitOnCtrlC: false, patchConsole: true });
    try {
      await app.waitUntilExit();
    } finally {
      stop();
      await inspection.finish({ hold: false });
    }
    return 0;
  },
};
