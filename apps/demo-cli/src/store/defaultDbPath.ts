import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { UsageError } from '../cli/UsageError.js';

/**
 * Where `switchboard chat` keeps its sessions when no `--db` is given:
 * `$XDG_STATE_HOME/switchboard/sessions.db`, else `~/.local/state/switchboard/sessions.db`.
 * A relative `XDG_STATE_HOME` is ignored, as the XDG spec asks (it would move with the
 * working directory).
 *
 * @example
 * ```ts
 * defaultDbPath({ XDG_STATE_HOME: '/home/ana/.state' }); // "/home/ana/.state/switchboard/sessions.db"
 * ```
 */
export function defaultDbPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const state = env.XDG_STATE_HOME;
  const base = state !== undefined && isAbsolute(state) ? state : join(home, '.local', 'state');
  return join(base, 'switchboard', 'sessions.db');
}

/**
 * Creates the directory of the default database if it is missing, readable by its owner
 * only (conversations are private). An existing directory is left as it is.
 *
 * @throws UsageError when it cannot be created, naming it and the way out
 * @example
 * ```ts
 * ensureDbDirectory(defaultDbPath(process.env));
 * ```
 */
export function ensureDbDirectory(file: string): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot create ${dir} for the session database (${reason}); pass --db PATH or --no-db`);
  }
}
