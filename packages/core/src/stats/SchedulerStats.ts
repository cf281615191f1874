import type { PriorityClass } from '../policy/types.js';

/** Percentiles of a duration, in ms; `null` until there is a sample. */
export interface Percentiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p99: number | null;
}

/** What the scheduler has done so far. */
export interface SchedulerStats {
  readonly slots: number;
  readonly running: number;
  readonly queued: Readonly<Record<PriorityClass, number>>;
  readonly preemptions: number;
  /** Turns sent back to the queue by a transient provider fault (involuntary preemptions). */
  readonly retries: number;
  /** Grants to suspended turns, whether they were preempted or faulted. */
  readonly resumes: number;
  readonly completions: number;
  readonly cancellations: number;
  readonly failures: number;
  /** Time from joining the queue (or re-joining it after a preemption) to being granted a slot. */
  readonly wait: Readonly<Record<PriorityClass, Percentiles>>;
  /** Time from a message's acceptance to the first token of its answer. */
  readonly timeToFirstToken: Percentiles;
}
