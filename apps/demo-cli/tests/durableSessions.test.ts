import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatedReply } from '@switchboard/llm-adapter';
import { openSqliteStore } from '@switchboard/store';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionsExport } from '../src/sessions/exportShape.js';
import type { SessionSummary } from '../src/sessions/summarise.js';
import { QUESTIONS, SIMULATED, uninterruptedAnswers, writeUnfinishedDatabase } from './support/unfinishedDatabase.js';
import { cli } from './support/inProcess.js';
import { bin, root, switchboard } from './support/switchboardProcess.js';

const dirs: string[] = [];
/** A fresh directory for one test's files. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-db-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Absolute: in-process runs have the package as their working directory, child processes the root.
const preempt = fileURLToPath(new URL('../examples/preempt.scenario', import.meta.url));
const PREEMPT_QUESTIONS = {
  research: 'Summarise the three papers on speculative decoding',
  chat: 'What is the capital of Australia?',
};
const answerTo = (question: string, tokens = 48) => simulatedReply([{ role: 'user', content: question }], { seed: 0, tokens }).join('');

interface RunReport {
  sessions: Array<{ id: string; state: string; messages: Array<{ role: string; content: string; status?: string }> }>;
  transitions: Array<{ session: string; from: string; to: string }>;
  stats: { completions: number };
  config: Record<string, unknown>;
}

// Each test has its own files and processes: they may run side by side.
// Each test has its own files and processes: they may run side by side. Every step is a real
// process (a cold start each, slow on a loaded machine: hence the long timeouts); the finer
// cases run in-process in sessionsCommands.test.ts.
describe.concurrent('the durable flows, as real processes', () => {
  it('run --db keeps the conversation: shown, and exported as JSON and Markdown', async () => {
    const db = join(tempDir(), 'runs.db');
    const run = await switchboard(['run', preempt, '--clock', 'virtual', '--db', db, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    const ran = JSON.parse(run.stdout) as RunReport;

    const [show, json, markdown] = await Promise.all([
      switchboard(['sessions', 'show', 'research', '--db', db]),
      switchboard(['sessions', 'export', '--db', db, '--format', 'json']),
      switchboard(['sessions', 'export', 'chat', '--db', db, '--format', 'markdown']),
    ]);
    expect(show.code).toBe(0);
    const shown = show.stdout.replace(/\s+/g, ' ');
    expect(shown).toContain(`you ${PREEMPT_QUESTIONS.research}`);
    expect(shown).toContain(`ai ${answerTo(PREEMPT_QUESTIONS.research)}`);
    expect(shown).not.toContain('unfinished');

    expect(json.code).toBe(0);
    const exported = JSON.parse(json.stdout) as SessionsExport;
    expect(exported.format).toBe('switchboard-sessions');
    expect(exported.version).toBe(1);
    // The export holds exactly the conversations the run reported.
    const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(exported.sessions).map((s) => ({ id: s.id, state: s.state, messages: s.messages.map((m) => ({ role: m.role, content: m.content })) }))).toEqual(
      byId(ran.sessions).map((s) => ({ id: s.id, state: s.state, messages: s.messages })),
    );
    const research = exported.sessions.find((s) => s.id === 'research')!;
    expect(Object.keys(research)).toEqual(['id', 'name', 'state', 'createdAt', 'updatedAt', 'messages', 'unfinished', 'pending']);
    expect(research.messages[1]).toEqual({
      id: expect.any(String),
      role: 'assistant',
      content: answerTo(PREEMPT_QUESTIONS.research),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      status: 'completed',
    });
    expect(research.unfinished).toBeNull();

    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^# chat\n/);
    expect(markdown.stdout).toMatch(/^## You · .* UTC\n\nWhat is the capital of Australia\?\n/m);
    expect(markdown.stdout).toContain(`## Assistant · `);
    expect(markdown.stdout).toContain(`\n\n${answerTo(PREEMPT_QUESTIONS.chat)}\n`);
    expect(markdown.stdout).not.toContain('research');
  }, 150_000);

  it('resume finishes the answers a stopped board left in the database, equal to the uninterrupted answers', async () => {
    const db = join(tempDir(), 'unfinished.db');
    const partial = await writeUnfinishedDatabase(db);
    expect(partial.length).toBeGreaterThan(0);
    const expected = uninterruptedAnswers();
    expect(expected.research.startsWith(partial)).toBe(true);
    expect(expected.research.length).toBeGreaterThan(partial.length);

    const resumed = await switchboard(['resume', '--db', db, '--json', '--clock', 'virtual', '--tokens', String(SIMULATED.tokens)]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as RunReport;
    expect(Object.keys(report)).toEqual(['sessions', 'transitions', 'stats', 'config']);
    const messages = Object.fromEntries(report.sessions.map((s) => [s.id, s.messages]));
    expect(messages.research).toEqual([
      { role: 'user', content: QUESTIONS.research },
      { role: 'assistant', content: expected.research },
      { role: 'user', content: QUESTIONS.followUp },
      { role: 'assistant', content: expected.followUp },
    ]);
    expect(messages.email).toEqual([
      { role: 'user', content: QUESTIONS.email },
      { role: 'assistant', content: expected.email },
    ]);
    expect(report.sessions.every((s) => s.state === 'idle')).toBe(true);
    expect(report.stats.completions).toBe(3);

    // The database now holds the finished conversations and nothing left to do.
    const list = await switchboard(['sessions', 'list', '--db', db, '--json']);
    // Both were created in the same millisecond or so: their order is not the point here.
    const rows = (JSON.parse(list.stdout) as SessionSummary[]).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows.map((r) => [r.id, r.state, r.messages, r.unfinishedChars, r.pending])).toEqual([
      ['email', 'idle', 2, null, 0],
      ['research', 'idle', 4, null, 0],
    ]);
  }, 150_000);

  it('a run interrupted by Ctrl+C saves its partial and releases the database; resume then finishes the answer', async () => {
    const dir = tempDir();
    const db = join(dir, 'interrupted.db');
    const scenario = join(dir, 'long.scenario');
    writeFileSync(scenario, 'new long\nsend long tell me everything\n');
    // About 20 s of answer on the real clock: long enough to interrupt at leisure, even on a busy machine.
    const tokens = '4000';
    const child = spawn(process.execPath, ['--import', 'tsx', bin, 'run', scenario, '--db', db, '--tokens', tokens, '--rate', '200', '--first-token-ms', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // Poll the file read-only (as "sessions list" does) until a partial is saved.
    const seen = await until(() => savedPartial(db, 'long'), 60_000);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe(`switchboard: interrupted; unfinished answers are saved in ${db}: "switchboard resume --db ${db}" finishes them\n`);

    // Stopping wrote the partial as it was (at least what had been seen) and released the file.
    const store = openSqliteStore(db);
    const turn = store.loadSession('long')!.turn!;
    store.close();
    expect(turn.partial.startsWith(seen)).toBe(true);
    const expected = answerTo('tell me everything', Number(tokens));
    expect(expected.startsWith(turn.partial)).toBe(true);
    expect(expected.length).toBeGreaterThan(turn.partial.length);

    const resumed = await switchboard(['resume', '--db', db, '--json', '--clock', 'virtual', '--tokens', tokens]);
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as RunReport;
    expect(report.sessions[0]!.messages).toEqual([
      { role: 'user', content: 'tell me everything' },
      { role: 'assistant', content: expected },
    ]);
  }, 180_000);

  it('sessions delete --yes deletes the sessions named and keeps the others', async () => {
    const db = join(tempDir(), 'runs.db');
    expect((await cli(['run', preempt, '--clock', 'virtual', '--db', db])).code).toBe(0);
    const deleted = await switchboard(['sessions', 'delete', 'research', '--db', db, '--yes']);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toBe(`switchboard: deleted 1 session (research) from ${db}\n`);
    const store = openSqliteStore(db, { readOnly: true });
    expect(store.listSessions().map((s) => s.id)).toEqual(['chat']);
    store.close();
  }, 150_000);
});

/** The partial of a session's unfinished turn as stored now, '' if none yet (or no file yet). */
function savedPartial(db: string, id: string): string {
  if (!existsSync(db)) return '';
  let store;
  try {
    store = openSqliteStore(db, { readOnly: true });
  } catch {
    return ''; // created but not yet initialised by the writer
  }
  try {
    return store.loadSession(id)?.turn?.partial ?? '';
  } finally {
    store.close();
  }
}

/** Polls `read` every 25 ms until it gives a non-empty string; fails after `ms`. */
async function until(read: () => string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== '') return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
