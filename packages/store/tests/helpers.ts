import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'libsql';
import type { PendingMessage, SessionStore, TranscriptMessage, Turn } from '@switchboard/core';
import { afterEach, beforeEach } from 'vitest';
import { openSqliteStore } from '../src/index.js';

export function makeTempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-store-'));
  return {
    dir,
    file: (name = 'switchboard.db') => path.join(dir, name),
    cleanup: () => {
      // Restore permissions a test may have removed, then delete everything.
      try {
        fs.chmodSync(dir, 0o700);
      } catch {
        // ignore
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh temporary directory per test (`tmp`), and the stores a test opens, all closed after
 * it: `openStore` opens and tracks one, `open` takes any other store to close.
 */
export function useStores() {
  let current: ReturnType<typeof makeTempDir> | undefined;
  const open: SessionStore[] = [];
  beforeEach(() => {
    current = makeTempDir();
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    current!.cleanup();
  });
  const tmp = {
    file: (name?: string) => current!.file(name),
    get dir() {
      return current!.dir;
    },
  };
  const openStore = (...args: Parameters<typeof openSqliteStore>) => {
    const store = openSqliteStore(...args);
    open.push(store);
    return store;
  };
  return { tmp, open, openStore };
}

export const isRoot = process.getuid?.() === 0;

export function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The names in `dir`, sorted (to show that a failed open created no -wal/-shm files). */
export function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

export function message(id: string, overrides: Partial<TranscriptMessage> = {}): TranscriptMessage {
  return { id, role: 'user', content: `text of ${id}`, at: 1000, ...overrides };
}

export function pending(id: string): PendingMessage {
  return { id, text: `queued ${id}`, acceptedAt: 2000 };
}

export function turn(id: string, partial: string): Turn {
  return {
    id,
    text: `question ${id}`,
    acceptedAt: 3000,
    partial,
    tokens: partial.length,
    startedAt: 3100,
    firstTokenAt: 3150,
    preemptions: 1,
    resumes: 1,
    faults: 0,
    lastFault: null,
    restarts: 0,
    toolCalls: [],
  };
}

const holdLockScript = fileURLToPath(new URL('./fixtures/holdLock.cjs', import.meta.url));
const holdStoreScript = fileURLToPath(new URL('./fixtures/holdStore.ts', import.meta.url));

/**
 * Spawns a node process that holds the database; resolves once it says "ready" (no sleeps).
 * `txn`: plain libsql with an open write transaction. `store`: the real store, open and idle.
 */
export function holdLockInChild(file: string, mode: 'txn' | 'store'): Promise<ChildProcess> {
  const args = mode === 'txn' ? [holdLockScript, file, 'txn'] : ['--import', 'tsx', holdStoreScript, file];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: path.dirname(path.dirname(path.dirname(holdLockScript))), // the package
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code} before ready: ${err}`)));
  });
}

/** Ends the child by closing its stdin and waits for it to exit. */
export function release(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.stdin!.end();
  });
}

/** A pragma's value (libsql 0.5.29's `pragma(x, { simple: true })` returns the row, not the value). */
export function pragma(db: Database.Database, name: string): unknown {
  return (db.prepare(`PRAGMA ${name}`).raw().get() as unknown[])[0];
}

const tryOpenScript = fileURLToPath(new URL('./fixtures/tryOpen.ts', import.meta.url));
/** The unprivileged user (nobody) that root's read-only tests open the store as. */
export const NOBODY = 65534;

/** Opens the store at `file` in a child process running as `nobody`; returns what it printed. */
export function openAsNobody(file: string): { ok?: true; code?: string; message?: string; error?: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', tryOpenScript, file], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: path.dirname(path.dirname(path.dirname(tryOpenScript))),
    encoding: 'utf8',
    env: { ...process.env, HOME: os.tmpdir() },
  });
  if (result.status !== 0) throw new Error(`child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as { ok?: true; code?: string; message?: string };
}
