/**
 * Benchmarks: what the store costs a streamed chunk, and how long restoring 10,000 saved
 * sessions takes, each beside its in-memory baseline in the same run.
 *
 * Run alone with `node --import tsx bench/persistence.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSwitchboard, type Provider, type SessionChange } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { openSqliteStore } from '@switchboard/store';
import { isMain, median, now, runStandalone, settle, sinceNs, times, us, type NotedRow } from './support.js';

const TOKENS = 20_000;
const REPETITIONS = 7;
const SESSIONS = 10_000;
const QUESTION = 'Tell me a long story';

const streaming = createSimulatedProvider({ tokens: TOKENS, tokensPerSecond: Infinity, firstTokenMs: 0 });

/** Streams one long answer through a session; with `file`, into a SQLite store there. */
async function streamOnce(file: string | null): Promise<{ ns: number; commits: number }> {
  const store = file ? openSqliteStore(file) : undefined;
  let commits = 0;
  if (store) {
    const commit = store.commit.bind(store);
    store.commit = (batch) => (commits++, commit(batch));
  }
  const board = createSwitchboard({ provider: streaming, ...(store ? { store } : {}) });
  const session = board.createSession();
  const start = now();
  await board.send(session, QUESTION).result;
  const ns = sinceNs(start);
  board.stop();
  store?.close();
  return { ns, commits };
}

async function benchChunkOverhead(dir: string): Promise<NotedRow> {
  const withStore: number[] = [];
  const without: number[] = [];
  let commits = 0;
  for (let i = 0; i < REPETITIONS + 1; i++) {
    const file = path.join(dir, `stream-${i}.db`);
    // ABBA, so neither side always runs on the other's garbage.
    const pair = i % 2 === 0 ? [await streamOnce(null), await streamOnce(file)] : [await streamOnce(file), await streamOnce(null)].reverse();
    await settle();
    if (i === 0) continue;
    without.push(pair[0]!.ns / TOKENS);
    withStore.push(pair[1]!.ns / TOKENS);
    commits = pair[1]!.commits;
  }
  const ours = median(withStore);
  const baseline = median(without);
  return {
    name: `persistence overhead per streamed chunk, SQLite store vs none (${TOKENS / 1000}k zero-latency chunks)`,
    value: `${ours.toFixed(0)} ns/chunk`,
    baseline: `${baseline.toFixed(0)} ns/chunk`,
    ratio: times(ours / baseline),
    target: '—',
    ok: true,
    method:
      `One ${TOKENS / 1000}k-token answer from the zero-latency simulated provider through a session actor, timed from send() to the result; ` +
      `with a fresh SQLite file (WAL, synchronous=NORMAL) and the default persist options (partial written every 64 tokens or 250 ms) ` +
      `vs no store. ${commits} transactions per answer. ${REPETITIONS} ABBA pairs after one warm-up; medians; ratio = with ÷ without. ` +
      'A worst case: real answers arrive at tens of tokens a second, so the per-64-token transaction is spread over seconds, not microseconds.',
  };
}

/** A provider that holds every stream until it is aborted: restored turns take their slot and stay put. */
const holding: Provider = {
  name: 'holding',
  async *stream({ signal }) {
    await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  },
};

/** A database of SESSIONS sessions with two exchanges each; every tenth has a turn in progress with a partial. */
function seed(file: string): void {
  const store = openSqliteStore(file);
  const at = Date.now();
  for (let start = 0; start < SESSIONS; start += 1000) {
    const sessions: SessionChange[] = [];
    for (let i = start; i < start + 1000; i++) {
      const id = `s${i}`;
      const busy = i % 10 === 0;
      const messages = [1, 2].flatMap((n) => [
        { id: `${id}m${n}`, role: 'user' as const, content: `question ${n} of ${id}`, at },
        { id: `${id}m${n}:answer`, role: 'assistant' as const, content: `an answer of some forty words `.repeat(8), status: 'completed' as const, tokens: 40, at },
      ]);
      if (busy) messages.push({ id: `${id}m3`, role: 'user', content: `question 3 of ${id}`, at });
      sessions.push({
        sessionId: id,
        record: { id, name: `session ${i}`, createdAt: at + i, updatedAt: at + i, state: busy ? 'suspended' : 'idle' },
        messages,
        turn: busy
          ? { id: `${id}m3`, text: `question 3 of ${id}`, acceptedAt: at, partial: 'half an answer', tokens: 3, startedAt: at, firstTokenAt: at, preemptions: 1, resumes: 0, faults: 0, lastFault: null, restarts: 0, toolCalls: [] }
          : null,
      });
    }
    store.commit({ sessions });
  }
  store.close();
}

async function benchRestore(dir: string): Promise<NotedRow> {
  const file = path.join(dir, 'restore.db');
  seed(file);
  const restoreMs: number[] = [];
  const freshMs: number[] = [];
  for (let i = 0; i < 4; i++) {
    await settle();
    let start = now();
    const store = openSqliteStore(file);
    const board = createSwitchboard({ provider: holding, store });
    const ms = sinceNs(start) / 1e6;
    if (board.sessions().length !== SESSIONS) throw new Error(`restored ${board.sessions().length} sessions, expected ${SESSIONS}`);
    board.stop();
    store.close();
    await settle();
    start = now();
    const memory = createSwitchboard({ provider: holding });
    for (let s = 0; s < SESSIONS; s++) memory.createSession();
    const fresh = sinceNs(start) / 1e6;
    memory.stop();
    if (i === 0) continue;
    restoreMs.push(ms);
    freshMs.push(fresh);
  }
  const ours = median(restoreMs);
  const baseline = median(freshMs);
  return {
    name: `restore ${SESSIONS / 1000}k saved sessions (open the file + createSwitchboard)`,
    value: `${ours.toFixed(0)} ms (${us((ours * 1e6) / SESSIONS)}/session)`,
    baseline: `${baseline.toFixed(0)} ms`,
    ratio: times(ours / baseline),
    target: '—',
    ok: true,
    method:
      `A SQLite file holding ${SESSIONS / 1000}k sessions with 4 messages each, every tenth with a turn in progress (its user message ` +
      'and a partial); timed: openSqliteStore + createSwitchboard, which loads everything in one read transaction and restores each ' +
      'session (its actor, its transcript, its interrupted turn re-queued; one takes the slot). Baseline: createSession() ×' +
      `${SESSIONS / 1000}k on an in-memory switchboard. Median of 3 after one warm-up; ratio = restore ÷ fresh.`,
  };
}

export async function benchPersistence(): Promise<NotedRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  try {
    return [await benchChunkOverhead(dir), await benchRestore(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await runStandalone(benchPersistence);
