import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

export interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

// The child decides on colour itself, and must not find a database through the test's own XDG_STATE_HOME.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, XDG_STATE_HOME: _state, ...baseEnv } = process.env;

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Run as this user (root's tests of read-only files run the CLI as `nobody`). */
  readonly uid?: number;
}

/**
 * Runs the real `switchboard` command (the package's bin, through tsx) from the repository
 * root, and collects its exit code and output.
 */
export function switchboard(args: readonly string[], options: SpawnOptions = {}): Promise<Outcome> {
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', bin, ...args],
      { cwd: root, env: { ...baseEnv, ...options.env }, timeout: 120_000, ...ids },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, signal: (error?.signal as NodeJS.Signals | undefined) ?? null, stdout, stderr });
      },
    );
  });
}

/**
 * The sha256 of a database and of its write-ahead log (which holds the latest pages until
 * they are checkpointed into the file): equal before and after means byte-identical. The
 * -shm file is left out: it is an index any reader may rebuild, not data.
 */
export const digest = (file: string) => {
  const hash = createHash('sha256').update(readFileSync(file));
  if (existsSync(`${file}-wal`)) hash.update('\0wal\0').update(readFileSync(`${file}-wal`));
  return hash.digest('hex');
};

/** A directory's names, sorted (a failed open must not leave -wal or -shm files behind). */
export const listing = (dir: string) => readdirSync(dir).sort();

/** The line a stack trace would show: user errors must not have one. */
export const NO_STACK = '    at ';
