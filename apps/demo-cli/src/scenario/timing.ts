import { setTimeout as delay } from 'node:timers/promises';
import { systemClock, type Clock, type Switchboard, type VirtualClock } from '@switchboard/core';

/** How a run spends time: on a virtual clock (instant, exact) or on the wall clock. */
export interface ScenarioTiming {
  readonly kind: 'virtual' | 'real';
  /** The clock the switchboard and the provider must use, so that waits move their time too. */
  readonly clock: Clock;
  /** Lets `ms` pass. */
  elapse(ms: number): Promise<void>;
  /** Waits until every accepted message has ended; false if that can never happen (nothing left to fire). */
  untilIdle(board: Switchboard): Promise<boolean>;
  /** The reported duration between two readings of `clock`, in ms. */
  span(from: number, to: number): number;
}

/**
 * Timing on a virtual clock: waits fire every due timer at once, so a run takes
 * milliseconds of wall time and gives the same times on every run.
 */
export function virtualTiming(clock: VirtualClock): ScenarioTiming {
  return {
    kind: 'virtual',
    clock,
    elapse: (ms) => clock.advance(ms),
    untilIdle: (board) => clock.runUntil(() => board.isIdle()),
    // Exact: virtual times are sums of the configured delays, and rounding would hide that.
    span: (from, to) => to - from,
  };
}

// Node's timers overflow (and fire at once) past 2^31-1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Timing on the wall clock: waits really wait, and reported times are whole milliseconds. */
export function realTiming(): ScenarioTiming {
  return {
    kind: 'real',
    clock: systemClock,
    async elapse(ms) {
      for (let left = ms; left > 0; left -= MAX_TIMER_MS) await delay(Math.min(left, MAX_TIMER_MS));
    },
    untilIdle: (board) => board.whenIdle().then(() => true),
    span: (from, to) => Math.round(to - from),
  };
}
