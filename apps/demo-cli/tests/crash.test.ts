import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatedReply } from '@switchboard/llm-adapter';
import { openSqliteStore } from '@switchboard/store';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './support/inProcess.js';

/**
 * kill -9 at many moments of a real `switchboard run --db`, then `switchboard resume`: no
 * accepted message is lost or duplicated and every answer equals the uninterrupted one.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKENS = 24;
const SIMULATED = ['--tokens', String(TOKENS), '--rate', '80', '--first-token-ms', '30', '--seed', '0'];
const SCENARIO = `new a
new b
new c
switch a
send b Tell me about tides
send c Tell me about the moon
wait 150
send b And the sun?
send a What is the capital of Australia?
wait 250
send c And the stars?
send a And of New Zealand?
send b One more thing
wait idle
`;
const SENT: Record<string, string[]> = {
  a: ['What is the capital of Australia?', 'And of New Zealand?'],
  b: ['Tell me about tides', 'And the sun?', 'One more thing'],
  c: ['Tell me about the moon', 'And the stars?'],
};
const scenario = join(dir, 'crash.scenario');
writeFileSync(scenario, SCENARIO);

const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;

interface Killed {
  /** Sends the run had reported accepted when it was killed, per session. */
  readonly accepted: Record<string, number>;
  /** Whether the process was still running when killed (not already finished). */
  readonly killed: boolean;
}

/** Runs the scenario and kills it with SIGKILL right after its `afterLine`-th progress line, plus `extraMs`. */
function runAndKill(db: string, afterLine: number, extraMs: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, 'run', scenario, '--db', db, '--progress', '--json', ...SIMULATED], { cwd: root, env });
    const accepted: Record<string, number> = { a: 0, b: 0, c: 0 };
    let lines = 0;
    let buffered = '';
    let killed = false;
    let exited = false;
    const kill = () => {
      if (exited) return;
      killed = child.kill('SIGKILL');
    };
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (killed) continue;
        const send = /^progress .* send (\w+) accepted as m\d+/.exec(line);
        if (send) accepted[send[1]!]!++;
        if (line.startsWith('progress ') && ++lines === afterLine) {
          // The moment to die: a step or a transition of the run, and then a little later.
          if (extraMs === 0) kill();
          else setTimeout(kill, extraMs);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      exited = true;
      resolve({ accepted, killed });
    });
  });
}

interface Resumed {
  code: number | null;
  report: { sessions: Array<{ id: string; messages: Array<{ role: string; content: string; status?: string }> }> } | null;
  stderr: string;
}

/**
 * `switchboard resume --db PATH --json`, in this process (the command's own code, without another
 * Node start-up). No provider flags: the run kept its own in the database.
 */
async function resume(db: string): Promise<Resumed> {
  const { code, stdout, stderr } = await cli(['resume', '--db', db, '--json']);
  return { code, report: code === 0 ? JSON.parse(stdout) : null, stderr };
}

/** What was left on disk at the kill: was an answer half-written? */
function partialsOnDisk(db: string): number {
  try {
    const store = openSqliteStore(db, { readOnly: true });
    try {
      return store.loadAll().sessions.filter((s) => (s.turn?.partial ?? '') !== '').length;
    } finally {
      store.close();
    }
  } catch {
    return 0; // killed before the file was created
  }
}

const MOMENTS = 24;
// Spread over the run: the progress lines number about 30 (steps and transitions).
const moments = Array.from({ length: MOMENTS }, (_, i) => ({ afterLine: 1 + Math.floor((i * 30) / MOMENTS), extraMs: (i * 37) % 60 }));

describe('kill -9 during `switchboard run --db`, then `switchboard resume`', () => {
  it(`loses nothing accepted, repeats nothing, and finishes every answer exactly (${MOMENTS} moments)`, async () => {
    // Six runs at a time, each a real process with its own database file, killed at its moment.
    const runs: Array<{ killed: Killed; partials: number; db: string }> = [];
    for (let i = 0; i < moments.length; i += 6) {
      const batch = moments.slice(i, i + 6).map(async (moment, j) => {
        const db = join(dir, `crash-${i + j}.db`);
        const killed = await runAndKill(db, moment.afterLine, moment.extraMs);
        return { killed, partials: partialsOnDisk(db), db };
      });
      runs.push(...(await Promise.all(batch)));
    }
    // Then every database is resumed, side by side.
    const outcomes = await Promise.all(runs.map(async (run) => ({ ...run, resumed: await resume(run.db) })));

    for (const { killed, resumed, db } of outcomes) {
      if (resumed.code !== 0 && Object.values(killed.accepted).every((n) => n === 0)) {
        // Killed before anything was accepted: at most an empty or missing database to resume.
        expect(resumed.stderr).not.toMatch(/internal error|    at /);
        continue;
      }
      expect(resumed.code, `${db}: ${resumed.stderr}`).toBe(0);
      const sessions = new Map(resumed.report!.sessions.map((s) => [s.id, s]));
      for (const [id, sent] of Object.entries(SENT)) {
        const messages = sessions.get(id)?.messages ?? [];
        const users = messages.filter((m) => m.role === 'user').map((m) => m.content);
        // In order, each once, and at least every message accepted before the kill.
        expect(users, `${db} ${id}`).toEqual(sent.slice(0, users.length));
        expect(users.length, `${db} ${id}`).toBeGreaterThanOrEqual(killed.accepted[id]!);
        messages.forEach((m, k) => {
          expect(m.role, `${db} ${id} #${k}`).toBe(k % 2 === 0 ? 'user' : 'assistant');
          if (m.role !== 'assistant') return;
          const expected = simulatedReply(messages.slice(0, k).map((x) => ({ role: x.role as 'user' | 'assistant', content: x.content })), { tokens: TOKENS, seed: 0 }).join('');
          expect(m.content, `${db} ${id} #${k}`).toBe(expected);
          expect(m.status ?? 'completed').toBe('completed');
        });
        expect(messages.length % 2, `${db} ${id}: every question answered once`).toBe(0);
      }
    }
    // The moments really were spread across the run: most runs died mid-way, several mid-answer.
    expect(outcomes.filter((o) => o.killed.killed).length).toBeGreaterThanOrEqual(20);
    expect(outcomes.filter((o) => o.partials > 0).length).toBeGreaterThanOrEqual(5);
  }, 240_000);
});
