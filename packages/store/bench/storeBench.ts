// A tiny benchmark of the SQLite store (not wired into anything).
// Run: cd packages/store && node --import tsx bench/storeBench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranscriptMessage } from '@switchboard/core';
import { openSqliteStore } from '../src/index.js';

export interface StoreBenchResult {
  appendMessages: number;
  batchSize: number;
  appendMs: number;
  sessions: number;
  messagesPerSession: number;
  seedSessionsMs: number;
  loadAllMs: number;
  listSessionsMs: number;
  fileBytes: number;
}

function msg(i: number): TranscriptMessage {
  return {
    id: `m${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `message ${i}: ${'lorem ipsum dolor sit amet '.repeat(4)}`,
    at: 1_700_000_000_000 + i,
    ...(i % 2 === 1 ? { status: 'completed' as const, tokens: 40 } : {}),
  };
}

export function runStoreBench({
  appendMessages = 10_000,
  batchSize = 64,
  sessions = 10_000,
  messagesPerSession = 2,
} = {}): StoreBenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-store-bench-'));
  try {
    // 1. Append messages to one session in batches (one transaction per batch).
    const file1 = path.join(dir, 'append.db');
    const a = openSqliteStore(file1);
    a.upsertSession({ id: 's', name: 's', createdAt: 0, updatedAt: 0, state: 'idle' });
    let t = performance.now();
    for (let i = 0; i < appendMessages; i += batchSize) {
      const batch: TranscriptMessage[] = [];
      for (let j = i; j < Math.min(i + batchSize, appendMessages); j++) batch.push(msg(j));
      a.appendMessages('s', batch);
    }
    const appendMs = performance.now() - t;
    if (a.loadSession('s')!.messages.length !== appendMessages) throw new Error('append count mismatch');
    a.close();

    // 2. Load many sessions, each with a few messages, a pending message and a turn.
    const file2 = path.join(dir, 'load.db');
    const b = openSqliteStore(file2);
    t = performance.now();
    for (let i = 0; i < sessions; i++) {
      const id = `s${i}`;
      b.upsertSession({ id, name: `session ${i}`, createdAt: i, updatedAt: i, state: 'idle' });
      b.appendMessages(id, Array.from({ length: messagesPerSession }, (_, k) => msg(k)));
    }
    const seedSessionsMs = performance.now() - t;
    b.close();
    const c = openSqliteStore(file2);
    t = performance.now();
    const all = c.loadAll();
    const loadAllMs = performance.now() - t;
    if (all.sessions.length !== sessions) throw new Error('load count mismatch');
    t = performance.now();
    c.listSessions();
    const listSessionsMs = performance.now() - t;
    c.close();
    const fileBytes = fs.statSync(file2).size + (fs.existsSync(`${file2}-wal`) ? fs.statSync(`${file2}-wal`).size : 0);
    return {
      appendMessages,
      batchSize,
      appendMs,
      sessions,
      messagesPerSession,
      seedSessionsMs,
      loadAllMs,
      listSessionsMs,
      fileBytes,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const r = runStoreBench();
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `append ${r.appendMessages} messages in batches of ${r.batchSize}: ${f(r.appendMs)} ` +
      `(${Math.round((r.appendMessages / r.appendMs) * 1000)} msg/s)`,
  );
  console.log(`seed ${r.sessions} sessions x ${r.messagesPerSession} messages (one transaction each): ${f(r.seedSessionsMs)}`);
  console.log(`loadAll ${r.sessions} sessions (${r.sessions * r.messagesPerSession} messages): ${f(r.loadAllMs)}`);
  console.log(`listSessions ${r.sessions}: ${f(r.listSessionsMs)}; file ${(r.fileBytes / 1024 / 1024).toFixed(1)} MiB`);
}
