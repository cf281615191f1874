import { systemClock } from '../clock/systemClock.js';
import type { Clock } from '../clock/types.js';
import { SwitchboardError } from '../errors/SwitchboardError.js';
import { createPriorityPolicy } from '../policy/createPriorityPolicy.js';
import type { SchedulingPolicy } from '../policy/types.js';
import type { Provider } from '../provider/types.js';
import type { StreamOptions } from '../actors/fromProviderStream.js';
import type { PersistOptions } from '../store/createPersister.js';
import type { SessionStore } from '../store/types.js';
import type { SwitchboardOptions } from './types.js';

export interface ResolvedOptions {
  readonly provider: Provider;
  readonly slots: number;
  readonly queueCapacity: number;
  readonly policy: SchedulingPolicy;
  readonly clock: Clock;
  readonly inspect: SwitchboardOptions['inspect'];
  readonly maxRetries: number;
  readonly stream: StreamOptions;
  readonly store: SessionStore | undefined;
  readonly persist: PersistOptions;
  readonly onStoreError: (error: unknown) => void;
}

const KNOWN = new Set([
  'provider', 'slots', 'queueCapacity', 'policy', 'clock', 'inspect', 'maxRetries', 'stallTimeoutMs', 'backoff', 'random',
  'store', 'persist', 'onStoreError',
]);

// A failed write must not vanish, but throwing inside an actor's observer would break the actor.
const rethrowLater = (error: unknown) => void setTimeout(() => { throw error; });

const invalid = (message: string) => new SwitchboardError('invalid_option', message);

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Checks the options once, up front, so a typo fails loudly instead of silently using a default. */
export function resolveOptions(options: SwitchboardOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalid('createSwitchboard needs an options object, for example { provider: createSimulatedProvider() }.');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw invalid(`Unknown option "${key}". Known options: ${[...KNOWN].join(', ')}.`);
  }
  const { provider, slots = 1, queueCapacity = 1000, policy = createPriorityPolicy(), clock = systemClock, inspect } = options;
  if (typeof provider !== 'object' || provider === null || typeof provider.stream !== 'function') {
    throw invalid('Option "provider" is required: pass an object with a stream() method, such as createSimulatedProvider().');
  }
  if (!isPositiveInteger(slots)) throw invalid(`Option "slots" must be a positive integer, got ${String(slots)}.`);
  if (!(queueCapacity === Infinity || isPositiveInteger(queueCapacity))) {
    throw invalid(`Option "queueCapacity" must be a positive integer or Infinity, got ${String(queueCapacity)}.`);
  }
  if (typeof policy?.rank !== 'function' || typeof policy.planPreemptions !== 'function') {
    throw invalid('Option "policy" must be a SchedulingPolicy, such as createPriorityPolicy({ agingMs: 30000 }).');
  }
  if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function' || typeof clock.defer !== 'function') {
    throw invalid('Option "clock" must be a Clock (now, setTimeout, clearTimeout, defer), such as createVirtualClock().');
  }
  if (inspect !== undefined && typeof inspect !== 'function') throw invalid('Option "inspect" must be a function.');
  const { maxRetries = 3, stallTimeoutMs = 30_000, backoff = {}, random = Math.random } = options;
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw invalid(`Option "maxRetries" must be a whole number of retries (0 or more), got ${String(maxRetries)}.`);
  }
  if (!(typeof stallTimeoutMs === 'number' && stallTimeoutMs >= 0 && Number.isFinite(stallTimeoutMs))) {
    throw invalid(`Option "stallTimeoutMs" must be a number of milliseconds (0 disables), got ${String(stallTimeoutMs)}.`);
  }
  for (const key of ['baseMs', 'maxMs'] as const) {
    const value = backoff[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw invalid(`Option "backoff.${key}" must be a number of milliseconds, got ${String(value)}.`);
    }
  }
  if (backoff.jitter !== undefined && !(backoff.jitter >= 0 && backoff.jitter <= 1)) {
    throw invalid(`Option "backoff.jitter" must be between 0 and 1, got ${String(backoff.jitter)}.`);
  }
  if (typeof random !== 'function') throw invalid('Option "random" must be a function returning numbers in [0, 1).');
  const { store, persist = {}, onStoreError = rethrowLater } = options;
  if (store !== undefined && (typeof store !== 'object' || store === null || typeof store.commit !== 'function' || typeof store.loadAll !== 'function')) {
    throw invalid('Option "store" must be a SessionStore, such as openSqliteStore("sessions.db") from @switchboard/store.');
  }
  for (const key of ['flushMs', 'flushTokens'] as const) {
    const value = persist[key];
    if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      throw invalid(`Option "persist.${key}" must be a positive number, got ${String(value)}.`);
    }
  }
  if (typeof onStoreError !== 'function') throw invalid('Option "onStoreError" must be a function.');
  return {
    provider, slots, queueCapacity, policy, clock, inspect, maxRetries,
    stream: { stallTimeoutMs, backoff, random },
    store, persist, onStoreError,
  };
}
