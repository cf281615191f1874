import type { PriorityClass } from '../policy/types.js';
import { SampleWindow } from './SampleWindow.js';
import type { Percentiles, SchedulerStats } from './SchedulerStats.js';

export type TurnOutcome = 'completed' | 'cancelled' | 'failed';

/** Mutable counters kept by the scheduler; {@link StatsRecorder.read} gives an immutable view. */
export interface StatsRecorder {
  preempted(): void;
  faulted(): void;
  resumed(): void;
  ended(outcome: TurnOutcome): void;
  waited(priorityClass: PriorityClass, ms: number): void;
  firstToken(ms: number): void;
  read(live: { slots: number; running: number; queued: Record<PriorityClass, number> }): SchedulerStats;
}

const summarize = (w: SampleWindow): Percentiles => ({ count: w.count, p50: w.percentile(0.5), p99: w.percentile(0.99) });

/** Creates the scheduler's stats with percentiles over the last `window` samples per series. */
export function createStatsRecorder(window = 10_000): StatsRecorder {
  const counts = { preemptions: 0, retries: 0, resumes: 0, completed: 0, cancelled: 0, failed: 0 };
  const wait = { foreground: new SampleWindow(window), background: new SampleWindow(window) };
  const ttft = new SampleWindow(window);
  return {
    preempted: () => void counts.preemptions++,
    faulted: () => void counts.retries++,
    resumed: () => void counts.resumes++,
    ended: (outcome) => void counts[outcome]++,
    waited: (priorityClass, ms) => wait[priorityClass].add(ms),
    firstToken: (ms) => ttft.add(ms),
    read: (live) => ({
      slots: live.slots,
      running: live.running,
      queued: { ...live.queued },
      preemptions: counts.preemptions,
      retries: counts.retries,
      resumes: counts.resumes,
      completions: counts.completed,
      cancellations: counts.cancelled,
      failures: counts.failed,
      wait: { foreground: summarize(wait.foreground), background: summarize(wait.background) },
      timeToFirstToken: summarize(ttft),
    }),
  };
}
