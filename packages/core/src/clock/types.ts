/**
 * The only source of time for the machines, the scheduler and providers.
 *
 * Everything that needs "now" or a delay goes through a `Clock`, so tests can
 * swap in a {@link VirtualClock} and run hours of simulated streaming in
 * milliseconds of wall time, deterministically.
 */
export interface Clock {
  /** Milliseconds on this clock's own timeline (only differences are meaningful). */
  now(): number;
  /** Runs `fn` after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /**
   * Runs `fn` after the work already queued in the current turn of the event
   * loop. Used to coalesce bursts of stream chunks into one actor event.
   */
  defer(fn: () => void): void;
}

export type TimerHandle = unknown;
