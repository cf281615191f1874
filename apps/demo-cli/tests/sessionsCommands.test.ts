import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@switchboard/store';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportedSession } from '../src/sessions/exportShape.js';
import type { SessionSummary } from '../src/sessions/summarise.js';
import { cli } from './support/inProcess.js';
import { NO_STACK } from './support/switchboardProcess.js';
import { QUESTIONS, SIMULATED, uninterruptedAnswers, writeUnfinishedDatabase } from './support/unfinishedDatabase.js';

// In-process: the same main() the bin runs, without a process start per command.
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-sessions-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const preempt = fileURLToPath(new URL('../examples/preempt.scenario', import.meta.url));
const TOKENS = String(SIMULATED.tokens);

/** A database written by `run --db` on the preempt example: research and chat, both finished. */
async function ranDatabase(): Promise<string> {
  const db = join(tempDir(), 'runs.db');
  const run = await cli(['run', preempt, '--clock', 'virtual', '--db', db]);
  expect(run.code).toBe(0);
  return db;
}

/**
 * Everything a database holds, read read-only. A refused command must leave it the same:
 * the bytes may differ, since opening a database for writing records its owner (the lock)
 * and closing it checkpoints the log.
 */
function contents(db: string) {
  const store = openSqliteStore(db, { readOnly: true });
  try {
    return store.loadAll();
  } finally {
    store.close();
  }
}

async function unfinishedDatabase(): Promise<{ db: string; partial: string }> {
  const db = join(tempDir(), 'unfinished.db');
  return { db, partial: await writeUnfinishedDatabase(db) };
}

describe('sessions list', () => {
  it('prints a table with the unfinished work and how to finish it', async () => {
    const { db, partial } = await unfinishedDatabase();
    const { code, stdout, stderr } = await cli(['sessions', 'list', '--db', db]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +STATE +MESSAGES +UPDATED +UNFINISHED$/);
    expect(stdout).toMatch(new RegExp(`^research +research +streaming +1 +\\S+ \\S+ UTC +answer at ${partial.length} chars, 1 waiting$`, 'm'));
    expect(stdout).toMatch(/^email +email +queued +1 +\S+ \S+ UTC +answer not started$/m);
    expect(stdout).toContain(`2 sessions with unfinished work: "switchboard resume --db ${db}" finishes it`);
  });

  it('--json gives one object per session', async () => {
    const { db, partial } = await unfinishedDatabase();
    const rows = JSON.parse((await cli(['sessions', 'list', '--db', db, '--json'])).stdout) as SessionSummary[];
    const research = rows.find((r) => r.id === 'research')!;
    expect(research).toEqual({
      id: 'research',
      name: 'research',
      state: 'streaming',
      messages: 1,
      unfinishedChars: partial.length,
      pending: 1,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
  });

  it('says so when the database holds no session', async () => {
    const db = join(tempDir(), 'empty.db');
    openSqliteStore(db).close();
    expect(await cli(['sessions', 'list', '--db', db])).toEqual({ code: 0, stdout: `no sessions in ${db}\n`, stderr: '' });
    expect((await cli(['sessions', 'list', '--db', db, '--json'])).stdout).toBe('[]\n');
  });

  it("defaults to the chat's database under XDG_STATE_HOME, and never creates it", async () => {
    const state = tempDir();
    const { code, stderr } = await cli(['sessions', 'list'], { XDG_STATE_HOME: state });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `switchboard: no database at ${join(state, 'switchboard', 'sessions.db')} (check the path; "switchboard run --db" and "switchboard chat --db" create one)\n`,
    );
  });
});

describe('sessions show', () => {
  it('marks the unfinished answer with its partial and the messages waiting behind it', async () => {
    const { db, partial } = await unfinishedDatabase();
    const { code, stdout } = await cli(['sessions', 'show', 'research', '--db', db]);
    expect(code).toBe(0);
    const flat = stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(`research (research) streaming, 1 message`);
    expect(flat).toContain(`you ${QUESTIONS.research} ai ${partial} [unfinished: ${partial.length} characters so far]`);
    expect(flat).toContain(`you ${QUESTIONS.followUp} [waiting]`);
    expect(flat).toContain(`"switchboard resume --db ${db}" finishes the unfinished work`);
  });

  it('--json prints the session in the export shape', async () => {
    const { db, partial } = await unfinishedDatabase();
    const session = JSON.parse((await cli(['sessions', 'show', 'research', '--db', db, '--json'])).stdout) as ExportedSession;
    expect(session.messages.map((m) => [m.role, m.content])).toEqual([['user', QUESTIONS.research]]);
    expect(session.unfinished).toEqual({ messageId: session.messages[0]!.id, partial, tokens: expect.any(Number) });
    expect(session.pending).toEqual([{ id: expect.any(String), content: QUESTIONS.followUp, at: expect.stringMatching(/Z$/) }]);
  });

  it.each([[['show', 'nope']], [['show']], [['show', 'a', 'b']]])('refuses %j with one line', async (args) => {
    const db = await ranDatabase();
    const { code, stdout, stderr } = await cli(['sessions', ...args, '--db', db]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(args.length === 2 ? /no session "nope" in .* \(known: (research, chat|chat, research)\)/ : /takes one session id/);
  });
});

describe('sessions export', () => {
  it('Markdown marks the unfinished answer and the waiting message', async () => {
    const { db, partial } = await unfinishedDatabase();
    const { code, stdout } = await cli(['sessions', 'export', 'research', '--db', db, '--format', 'markdown']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# research\n\nSession `research` · streaming · 1 message · created .* UTC · updated .* UTC\n/);
    expect(stdout).toContain(`## Assistant (unfinished: "switchboard resume" or the chat finishes it)\n\n${partial}\n`);
    expect(stdout).toMatch(new RegExp(`## You \\(waiting for an answer\\) · .* UTC\\n\\n${QUESTIONS.followUp.replace('?', '\\?')}\\n`));
  });

  it('exports the sessions named, in the order named; all of them without ids', async () => {
    const db = await ranDatabase();
    const named = JSON.parse((await cli(['sessions', 'export', 'chat', 'research', '--db', db])).stdout) as { sessions: ExportedSession[] };
    expect(named.sessions.map((s) => s.id)).toEqual(['chat', 'research']);
    const all = JSON.parse((await cli(['sessions', 'export', '--db', db])).stdout) as { sessions: ExportedSession[] };
    expect(all.sessions.map((s) => s.id).sort()).toEqual(['chat', 'research']);
    const markdown = (await cli(['sessions', 'export', '--db', db, '--format', 'markdown'])).stdout;
    expect(markdown).toMatch(/^# Switchboard sessions \(2\)\n\n## /);
    expect(markdown.match(/^## (research|chat)$/gm)).toHaveLength(2);
  });

  it('--out writes a new file readable by its owner only, and never overwrites one', async () => {
    const db = await ranDatabase();
    const out = join(tempDir(), 'all.md');
    const written = await cli(['sessions', 'export', '--db', db, '--format', 'markdown', '--out', out]);
    expect(written).toEqual({ code: 0, stdout: '', stderr: `switchboard: wrote ${out}\n` });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Switchboard sessions \(2\)\n/);

    writeFileSync(out, 'my notes');
    const refused = await cli(['sessions', 'export', '--db', db, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`switchboard: ${out} already exists; choose another --out path (an export never overwrites a file)\n`);
    expect(readFileSync(out, 'utf8')).toBe('my notes');
  });

  it('refuses an unknown format or session', async () => {
    const db = await ranDatabase();
    const format = await cli(['sessions', 'export', '--db', db, '--format', 'html']);
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('switchboard: --format must be "json" or "markdown", got "html"\n');
    const unknown = await cli(['sessions', 'export', 'research', 'nope', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^switchboard: no session "nope" in .* \(known: /);
  });
});

describe('sessions delete', () => {
  it('without --yes and without a terminal to ask at, deletes nothing', async () => {
    const db = await ranDatabase();
    const before = contents(db);
    const refused = await cli(['sessions', 'delete', 'research', 'chat', '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('switchboard: not deleting 2 sessions (research, chat) without confirmation: there is no terminal to ask at, add --yes\n');
    expect(contents(db)).toEqual(before);
  });

  it('an unknown id among several deletes none of them and names the known ids', async () => {
    const db = await ranDatabase();
    const before = contents(db);
    const refused = await cli(['sessions', 'delete', 'research', 'nope', '--db', db, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^switchboard: no session "nope" in .* \(known: (research, chat|chat, research)\)\n$/);
    expect(refused.stderr).not.toContain(NO_STACK);
    expect(contents(db)).toEqual(before);
  });

  it('deletes several in one go', async () => {
    const db = await ranDatabase();
    expect((await cli(['sessions', 'delete', 'research', 'chat', '--db', db, '--yes'])).code).toBe(0);
    expect((await cli(['sessions', 'list', '--db', db])).stdout).toBe(`no sessions in ${db}\n`);
  });
});

describe('run --db', () => {
  it('refuses a scenario that creates sessions the database already holds, leaving it as it was', async () => {
    const db = await ranDatabase();
    const before = contents(db);
    const again = await cli(['run', preempt, '--clock', 'virtual', '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      `switchboard: ${db} already holds sessions "research", "chat", which the scenario creates: pass a new --db path, ` +
        `or delete them first ("switchboard sessions delete research chat --db ${db} --yes")\n`,
    );
    expect(contents(db)).toEqual(before);
  });

  it("restores the database's other sessions: their unfinished answers finish in the run and are reported", async () => {
    const { db } = await unfinishedDatabase();
    const scenario = join(tempDir(), 'other.scenario');
    writeFileSync(scenario, 'new other\nsend other hello\n');
    const { code, stdout } = await cli(['run', scenario, '--clock', 'virtual', '--db', db, '--json', '--tokens', TOKENS]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { sessions: Array<{ id: string; messages: Array<{ content: string }> }> };
    expect(report.sessions.map((s) => s.id).sort()).toEqual(['email', 'other', 'research']);
    const expected = uninterruptedAnswers();
    expect(report.sessions.find((s) => s.id === 'research')!.messages.map((m) => m.content)).toEqual([
      QUESTIONS.research,
      expected.research,
      QUESTIONS.followUp,
      expected.followUp,
    ]);
  });
});

describe('resume', () => {
  it('prints a report for people that says what it resumes', async () => {
    const { db, partial } = await unfinishedDatabase();
    const { code, stdout, stderr } = await cli(['resume', '--db', db, '--clock', 'virtual', '--tokens', TOKENS]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      `Resuming 3 answers from ${db}: research (from ${partial.length} characters), research (waiting), email (not started)`,
    );
    expect(stdout).toContain(`Resume of ${db}  (1 slot, 40 tokens at 40 tokens/s`);
    for (const heading of ['Timeline', 'Stats', 'Transcripts']) expect(stdout).toContain(heading);
  });

  it('with nothing to resume: the report with no work, and a word on stderr', async () => {
    const db = await ranDatabase();
    const before = await cli(['sessions', 'export', '--db', db]);
    const json = await cli(['resume', '--db', db, '--clock', 'virtual', '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe(`switchboard: nothing to resume in ${db}: no session has an unfinished answer or a waiting message\n`);
    const report = JSON.parse(json.stdout) as { sessions: unknown[]; transitions: unknown[]; stats: { completions: number } };
    expect(report.sessions).toHaveLength(2);
    expect(report.transitions).toEqual([]);
    expect(report.stats.completions).toBe(0);
    // Nothing about the conversations changed.
    expect((await cli(['sessions', 'export', '--db', db])).stdout).toBe(before.stdout);
  });

  it('exits with 1 when a resumed answer fails, saying which, and keeps the failure in the database', async () => {
    const { db } = await unfinishedDatabase();
    // Nothing listens on the discard port of the loopback: every attempt is refused at once.
    const args = ['resume', '--db', db, '--provider', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--max-retries', '0', '--json'];
    const { code, stdout, stderr } = await cli(args, {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/^switchboard: \d+ resumed answers? failed \((research|email): .+\)\n$/);
    const report = JSON.parse(stdout) as { sessions: Array<{ id: string; state: string }> };
    expect(report.sessions.some((s) => s.state === 'failed')).toBe(true);
    expect(contents(db).sessions.some((s) => s.session.state === 'failed')).toBe(true);
  });

  it.each([
    [['resume'], 'switchboard: "switchboard resume" needs --db PATH: the database to resume\n'],
    [['resume', 'x.db'], 'switchboard: "switchboard resume" takes no arguments, got "x.db" (the database goes in --db PATH)\n'],
    [['resume', '--db', ''], 'switchboard: --db needs the path of a database file\n'],
  ])('refuses %j', async (args, message) => {
    expect(await cli(args)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('refuses a directory given as --db', async () => {
    const dir = tempDir();
    const { code, stderr } = await cli(['resume', '--db', dir]);
    expect(code).toBe(2);
    expect(stderr).toBe(`switchboard: ${dir} is not a file (a directory?); --db takes the path of a database file\n`);
  });
});

describe('help and usage', () => {
  it('lists resume and sessions among the commands', async () => {
    const { stdout } = await cli(['--help']);
    expect(stdout).toMatch(/^ {2}resume +finish the answers/m);
    expect(stdout).toMatch(/^ {2}sessions +list, show, export/m);
  });

  it.each([
    [['sessions', '--help'], ['switchboard sessions list [--json]', 'switchboard sessions show <id>', '--format json|markdown', '--out FILE', '--yes', '"format":"switchboard-sessions"', 'read-only']],
    [['sessions', 'export', '--help'], ['Usage: switchboard sessions']],
    [['resume', '--help'], ['Usage: switchboard resume --db PATH', '--json', 'are kept in it and used again', '--clock real|virtual']],
    [['run', '--help'], ['--db PATH', 'switchboard resume --db PATH']],
    [['chat', '--help'], ['--db PATH', '--no-db', '$XDG_STATE_HOME/switchboard/sessions.db', '~/.local/state/switchboard/sessions.db']],
  ])('%j documents the databases', async (args, texts) => {
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    for (const text of texts) expect(stdout).toContain(text);
  });

  it.each([
    [['sessions', 'purge'], 'switchboard: unknown action "purge" for "switchboard sessions" (actions: list, show, export, delete; see "switchboard sessions --help")\n'],
    [['sessions', 'delete'], 'switchboard: "switchboard sessions delete" needs the ids of the sessions to delete (see "switchboard sessions list")\n'],
    [['sessions', 'list', '--yes'], 'switchboard: unknown flag "--yes" for "switchboard sessions" (see "switchboard sessions --help")\n'],
    [['chat', '--db', 'x.db', '--no-db'], 'switchboard: --db and --no-db contradict each other: give one\n'],
  ])('refuses %j', async (args, message) => {
    expect(await cli(args)).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
