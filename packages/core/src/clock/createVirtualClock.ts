import type { Clock, TimerHandle } from './types.js';

/** A {@link Clock} whose time moves only when a test moves it. */
export interface VirtualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): Promise<void>;
  /**
   * Fires timers in order until `done()` holds (checked whenever the system is
   * quiet), or until no timer is left. Resolves with whether `done()` held.
   */
  runUntil(done: () => boolean, options?: { maxMs?: number }): Promise<boolean>;
  /** Fires every timer, in order, until none is left. */
  runAll(options?: { maxMs?: number }): Promise<void>;
  /** Number of timers not yet fired. */
  readonly pendingTimers: number;
}

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** Lets every promise chain and every `setImmediate` already queued run out. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Creates a clock for deterministic tests: timers fire in due order (ties in
 * the order they were set), and between any two timers every piece of async
 * work they started — promise chains and deferred callbacks — runs to quiet.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const board = createSwitchboard({ provider: createSimulatedProvider({ clock }), clock });
 * board.send('a', 'Hello');
 * await clock.runUntil(() => board.isIdle());
 * ```
 */
export function createVirtualClock(start = 0): VirtualClock {
  let current = start;
  let nextId = 1;
  const timers: Timer[] = [];
  let deferred: Array<() => void> = [];

  const insert = (timer: Timer) => {
    // Timers are few and mostly appended in due order; a linear scan from the end is cheapest.
    let i = timers.length;
    while (i > 0 && timers[i - 1]!.due > timer.due) i--;
    timers.splice(i, 0, timer);
  };

  /** Drains async work and deferred callbacks until nothing new appears. */
  const quiesce = async () => {
    for (;;) {
      await settle();
      if (deferred.length === 0) return;
      const batch = deferred;
      deferred = [];
      for (const fn of batch) fn();
    }
  };

  const fireNext = (limit: number): boolean => {
    const timer = timers[0];
    if (!timer || timer.due > limit) return false;
    timers.shift();
    current = Math.max(current, timer.due);
    timer.fn();
    return true;
  };

  const clock: VirtualClock = {
    now: () => current,
    setTimeout(fn, ms) {
      const timer: Timer = { id: nextId++, due: current + Math.max(0, ms), fn };
      insert(timer);
      return timer.id;
    },
    clearTimeout(handle: TimerHandle) {
      const i = timers.findIndex((t) => t.id === handle);
      if (i >= 0) timers.splice(i, 1);
    },
    defer(fn) {
      deferred.push(fn);
    },
    async advance(ms) {
      const target = current + ms;
      await quiesce();
      while (fireNext(target)) await quiesce();
      current = target;
    },
    async runUntil(done, options = {}) {
      const limit = options.maxMs === undefined ? Infinity : current + options.maxMs;
      await quiesce();
      while (!done()) {
        if (!fireNext(limit)) return done();
        await quiesce();
      }
      return true;
    },
    async runAll(options = {}) {
      await clock.runUntil(() => timers.length === 0, options);
    },
    get pendingTimers() {
      return timers.length;
    },
  };
  return clock;
}
