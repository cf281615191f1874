import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_VERSION } from '@switchboard/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorruptDatabase, writeNewerDatabase, writeSmallDatabase } from './support/badDatabases.js';
import { holdDatabase, type HeldDatabase } from './support/holdDatabase.js';
import { cli } from './support/inProcess.js';
import { bin, digest, listing, NO_STACK, root, switchboard } from './support/switchboardProcess.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bad-db-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every command that takes --db (chat needs a terminal: it has its own tests below), by what it does with the file. */
const WRITERS = {
  run: (db: string, dir: string) => ['run', join(dir, 'fresh.scenario'), '--clock', 'virtual', '--db', db],
  resume: (db: string) => ['resume', '--db', db, '--clock', 'virtual'],
  demo: (db: string) => ['demo', '--db', db, '--rate', '1000', '--tokens', '4'],
  'sessions delete': (db: string) => ['sessions', 'delete', 'kept', '--yes', '--db', db],
};
const READERS = {
  'sessions list': (db: string) => ['sessions', 'list', '--db', db],
  'sessions show': (db: string) => ['sessions', 'show', 'kept', '--db', db],
  'sessions export': (db: string) => ['sessions', 'export', '--db', db, '--format', 'markdown'],
};
const ALL = { ...WRITERS, ...READERS };
type Name = keyof typeof ALL;
const names = (commands: object) => Object.keys(commands) as Name[];

/** A directory with a scenario for `run` and a database made by `write`. */
function setUp(write: (file: string) => void): { dir: string; db: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'fresh.scenario'), 'new fresh\nsend fresh hello\n');
  const db = join(dir, 'switchboard.db');
  write(db);
  return { dir, db };
}

const messages = {
  corrupt: (db: string) => `${db} is not a Switchboard database or is damaged; move it aside or pass another --db path`,
  newer: (db: string) => `${db} was written by a newer Switchboard (schema ${SCHEMA_VERSION + 1}, this build knows ${SCHEMA_VERSION}); upgrade Switchboard`,
  locked: (db: string) => `${db} is in use by another switchboard process; close it or use another --db`,
  readOnly: (db: string) => `${db} cannot be written (read-only file, directory or file system); fix its permissions or pass another --db path`,
};

// In-process (fast): the whole matrix of commands and bad files.
describe.each([
  ['corrupt', writeCorruptDatabase, messages.corrupt],
  ['newer-schema', writeNewerDatabase, messages.newer],
] as const)('a %s database', (_kind, write, message) => {
  it.each(names(ALL))('%s: exit 2 with what to do, the file byte-identical and nothing created beside it', async (name) => {
    const { dir, db } = setUp(write);
    const before = { bytes: digest(db), files: listing(dir) };
    const outcome = await cli(ALL[name](db, dir));
    expect(outcome).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${message(db)}\n` });
    expect({ bytes: digest(db), files: listing(dir) }).toEqual(before);
  });
});

describe('a database another switchboard process holds (locked)', () => {
  // One holder for all: every command below must leave the file as it is.
  let held: { dir: string; db: string; holder: HeldDatabase; before: { bytes: string; files: string[] } };
  beforeAll(async () => {
    const { dir, db } = setUp(writeSmallDatabase);
    const holder = await holdDatabase(db);
    held = { dir, db, holder, before: { bytes: digest(db), files: listing(dir) } };
  }, 150_000);
  afterAll(async () => held.holder.release());

  it.each(names(WRITERS))('%s: exit 2 naming the holder, the file unchanged', async (name) => {
    const { dir, db, holder, before } = held;
    const outcome = await cli(ALL[name](db, dir));
    expect(outcome).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${messages.locked(db)} (pid ${holder.pid})\n` });
    expect({ bytes: digest(db), files: listing(dir) }).toEqual(before);
  });

  it.each(names(READERS))('%s: reads it anyway (read-only, as a chat is running), without changing it', async (name) => {
    const { dir, db, before } = held;
    const outcome = await cli(ALL[name](db, dir));
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('kept');
    expect(digest(db)).toBe(before.bytes);
  });
});

describe('bad databases, as real processes', () => {
  /** `switchboard chat` in a pseudo-terminal (it refuses to start without one), through util-linux's script. */
  const chatInTerminal = (args: readonly string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const command = ['node', '--import', 'tsx', bin, 'chat', ...args].map((a) => `'${a}'`).join(' ');
      execFile('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: root, timeout: 120_000 }, (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout.replace(/\r/g, '') });
      });
    });

  it('locked by a running process: resume and chat refuse it naming the process, sessions list reads it; run refuses a corrupt one', async () => {
    const { db } = setUp(writeSmallDatabase);
    const corrupt = setUp(writeCorruptDatabase);
    const holder = await holdDatabase(db);
    try {
      const before = { held: digest(db), corrupt: { bytes: digest(corrupt.db), files: listing(corrupt.dir) } };
      const [resume, chat, list, run] = await Promise.all([
        switchboard(['resume', '--db', db]),
        chatInTerminal(['--db', db]),
        switchboard(['sessions', 'list', '--db', db]),
        switchboard(WRITERS.run(corrupt.db, corrupt.dir)),
      ]);
      expect(resume).toMatchObject({ code: 2, stdout: '', stderr: `switchboard: ${messages.locked(db)} (pid ${holder.pid})\n` });
      // Refused before the chat draws anything: the terminal shows the one line.
      expect(chat).toEqual({ code: 2, output: `switchboard: ${messages.locked(db)} (pid ${holder.pid})\n` });
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^kept +kept +idle +2 /m);
      expect(run).toMatchObject({ code: 2, stdout: '', stderr: `switchboard: ${messages.corrupt(corrupt.db)}\n` });
      expect(run.stderr).not.toContain(NO_STACK);
      expect({ held: digest(db), corrupt: { bytes: digest(corrupt.db), files: listing(corrupt.dir) } }).toEqual(before);
    } finally {
      await holder.release();
    }
  }, 150_000);

  // Root ignores file permissions, so as root the CLI runs as `nobody`, which is given the
  // directory; as anyone else it runs as that user. The same test either way: nothing skipped.
  const NOBODY = 65534;
  const asRoot = process.getuid?.() === 0;
  it('read-only: the commands that write refuse it, those that read work; the file is left as it was', async () => {
    const { dir, db } = setUp(writeSmallDatabase);
    // Everything in the directory is the user's own (the database's -wal and -shm files too).
    if (asRoot) for (const name of ['.', ...listing(dir)]) chownSync(join(dir, name), NOBODY, NOBODY);
    chmodSync(db, 0o444);
    const options = asRoot ? { uid: NOBODY, env: { HOME: dir } } : {};
    const before = { bytes: digest(db), files: listing(dir) };
    const [resume, remove, list] = await Promise.all([
      switchboard(WRITERS.resume(db), options),
      switchboard(WRITERS['sessions delete'](db), options),
      switchboard(READERS['sessions list'](db), options),
    ]);
    for (const outcome of [resume, remove]) {
      expect(outcome).toMatchObject({ code: 2, stdout: '', stderr: `switchboard: ${messages.readOnly(db)}\n` });
    }
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^kept +kept +idle +2 /m);
    expect({ bytes: digest(db), files: listing(dir) }).toEqual(before);
    chmodSync(db, 0o600);
  }, 150_000);
});
