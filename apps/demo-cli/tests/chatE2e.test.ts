import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatedReply } from '@switchboard/llm-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import { QUESTIONS, uninterruptedAnswers, writeUnfinishedDatabase } from './support/unfinishedDatabase.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const TMUX = '/usr/bin/tmux';
const name = `sb-chat-e2e-${process.pid}-${Date.now()}`;
// The chat keeps its sessions in a database: the tests' own, never the user's default one.
const dir = mkdtempSync(join(tmpdir(), 'switchboard-chat-e2e-'));

const tmux = (...args: string[]) => execFileSync(TMUX, args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', name);
const keys = (...k: string[]) => tmux('send-keys', '-t', name, ...k);
const type = (text: string) => tmux('send-keys', '-t', name, '-l', text);

/** Polls the screen every 25 ms until `check` holds, or fails after `ms` with the last screen. */
async function until(what: string, check: (screen: string) => boolean, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
}

/** The badge in the session list for session number n ("▸1 chat 1   streaming ..."). */
const badgeOf = (text: string, n: number) =>
  new RegExp(`^[ ▸]${n} .*?\\s(idle|queued #\\d+|streaming|suspended|resuming|failed)\\s+\\d+ tok`, 'm').exec(text)?.[1];

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

afterAll(() => {
  try {
    tmux('kill-session', '-t', name);
  } catch {
    // Already gone: the chat quit and the shell ended.
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('switchboard chat', () => {
  it('refuses to run without a terminal, pointing to switchboard run', async () => {
    const outcome = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', bin, 'chat'], { cwd: root, timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toContain('chat needs a terminal');
    expect(outcome.stderr).toContain('switchboard run');
  });

  it('prints its help', async () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', bin, 'chat', '--help'], { cwd: root, encoding: 'utf8' });
    expect(stdout).toContain('Usage: switchboard chat');
    expect(stdout).toContain('Alt+1..9');
    expect(stdout).toContain('--provider simulated|openai');
  });

  it('preempts a background answer in a real terminal and resumes it to the uninterrupted answer', async () => {
    const db = join(dir, 'preempt.db');
    const command = `cd '${root}' && node --import tsx '${bin}' chat --concurrency 1 --rate 20 --tokens 60 --db '${db}'; echo "CHAT EXITED $?"; sleep 60`;
    tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
    await until('the chat to start', (s) => /▸1 chat 1 +idle/.test(s) && s.includes('slots 0/1'), 15_000);

    const question = 'tell me about the harbour';
    type(question);
    keys('Enter');
    await until('session 1 to stream', (s) => badgeOf(s, 1) === 'streaming' && / tok/.test(s));

    // A second session while the first streams: switching is instant, then its message takes the slot.
    keys('C-n');
    await until('session 2', (s) => /▸2 chat 2/.test(s));
    type('and what about the lighthouse');
    keys('Enter');

    const seen: string[] = [];
    const watch = (s: string) => {
      const badge = badgeOf(s, 1);
      if (badge && badge !== seen.at(-1)) seen.push(badge);
      return badge;
    };
    await until('session 1 to be suspended', (s) => watch(s) === 'suspended');
    expect(screen()).toMatch(/preempted [1-9]/);
    await until('session 1 to resume', (s) => ['resuming', 'streaming'].includes(watch(s) ?? ''));
    await until('session 1 to finish', (s) => watch(s) === 'idle');
    expect(seen.slice(seen.indexOf('suspended'))).toEqual(expect.arrayContaining(['suspended', 'idle']));
    expect(seen.indexOf('suspended')).toBeLessThan(seen.lastIndexOf('idle'));
    expect(seen.some((b) => b === 'resuming' || b === 'streaming')).toBe(true);

    // Its answer ended in the background: session 1 is marked unread until we look.
    await until('the unread marker on session 1', (s) => /^ 1 chat 1 .* tok +●/m.test(s));
    keys('M-1');
    const final = await until('session 1 in view', (s) => /▸1 chat 1 +idle/.test(s) && s.includes(`you  ${question}`));
    expect(final).not.toMatch(/^▸1 .*●/m);

    const expected = simulatedReply([{ role: 'user', content: question }], { seed: 0, tokens: 60 }).join('');
    const body = final.split('\n');
    const from = body.findIndex((l) => l.startsWith('ai   '));
    const to = body.findIndex((l, i) => i > from && /^─+$/.test(l));
    const shown = body.slice(from, to).map((l) => l.slice(5)).join('\n');
    expect(normalise(shown)).toBe(normalise(expected));

    type('/quit');
    keys('Enter');
    await until('the chat to exit', (s) => s.includes('CHAT EXITED 0'));
    tmux('kill-session', '-t', name);

    // Both conversations were saved.
    const list = execFileSync(process.execPath, ['--import', 'tsx', bin, 'sessions', 'list', '--db', db], { cwd: root, encoding: 'utf8' });
    expect(list).toMatch(/^s1 +chat 1 +idle +2 /m);
    expect(list).toMatch(/^s2 +chat 2 +idle +2 /m);
  }, 60_000);

  it('started on a database, lists its sessions and finishes the answer that was cut short', async () => {
    const db = join(dir, 'unfinished.db');
    await writeUnfinishedDatabase(db);
    const command = `cd '${root}' && node --import tsx '${bin}' chat --tokens 40 --rate 200 --db '${db}'; echo "CHAT EXITED $?"; sleep 60`;
    tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
    // Both restored sessions are listed, the newest in view; research's answer goes on in the background.
    await until('the restored sessions', (s) => /^ 1 email /m.test(s) || /^ 1 research /m.test(s));
    const first = screen();
    expect(first).toMatch(/^[ ▸][12] research /m);
    expect(first).toMatch(/^[ ▸][12] email /m);
    await until('every answer to finish', (s) => (s.match(/ idle +\d+ tok/g) ?? []).length === 2 && s.includes('slots 0/1'), 20_000);

    const number = /^[ ▸]([12]) research /m.exec(screen())![1]!;
    keys(`M-${number}`);
    const expected = uninterruptedAnswers();
    const shown = await until('research in view', (s) => new RegExp(`▸${number} research`).test(s) && s.includes(QUESTIONS.followUp));
    // The resumed answer is the uninterrupted one, and the waiting follow-up was answered after it.
    const transcript = `you ${QUESTIONS.research} ai ${expected.research} you ${QUESTIONS.followUp} ai ${expected.followUp}`;
    expect(normalise(shown)).toContain(normalise(transcript));
    type('/quit');
    keys('Enter');
    await until('the chat to exit', (s) => s.includes('CHAT EXITED 0'));
  }, 60_000);
});
