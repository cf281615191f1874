import type { SqliteSessionStore } from '@switchboard/store';
import { PROVIDER_FLAGS } from '../provider/providerFlags.js';
import { RUN_FLAGS, type RunFlagValues } from '../provider/readRunFlags.js';

/** Where a run keeps the board flags it was given, for `resume` to find. */
const KEY = 'run.flags';
const NAMES = [...Object.keys(RUN_FLAGS), ...Object.keys(PROVIDER_FLAGS)];

/**
 * Keeps the board flags a `run --db` was given (the slots, the simulated provider's settings,
 * the provider, model, base URL…) in the database, so that `switchboard resume` continues
 * with the same ones and the resumed answers match. No flag holds a secret: the API key
 * comes from the environment only.
 *
 * @example
 * ```ts
 * saveRunFlags(store, values);            // in run
 * readRunFlags('resume', withRunFlags(store, values));
 * ```
 */
export function saveRunFlags(store: SqliteSessionStore, values: RunFlagValues): void {
  const given = Object.fromEntries(NAMES.flatMap((name) => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === 'string' ? [[name, value]] : [];
  }));
  store.writeSetting(KEY, given);
}

/** `values` on top of the flags the run that wrote the database was given: flags given now win. */
export function withRunFlags<T extends RunFlagValues>(store: SqliteSessionStore, values: T): T {
  const saved = store.readSetting(KEY);
  if (typeof saved !== 'object' || saved === null) return values;
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const known = Object.fromEntries(Object.entries(saved).filter(([name, v]) => NAMES.includes(name) && typeof v === 'string'));
  return { ...known, ...defined } as T;
}
