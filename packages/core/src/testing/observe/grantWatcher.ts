import type { PriorityClass } from '../../policy/types.js';
import type { SchedulerView } from '../../switchboard/types.js';
import { noStarvation } from '../invariants/noStarvation.js';
import type { Violation } from '../SystemView.js';
import { toRequestView } from './readRequests.js';

/** A request that was given a slot, and how it waited for it. */
export interface GrantRecord {
  readonly turnId: string;
  readonly sessionId: string;
  /** Its class when granted. */
  readonly priorityClass: PriorityClass;
  readonly grantedAt: number;
  /** From joining the queue (or re-joining it after a suspension) to the grant; 0 if never seen waiting. */
  readonly waitedMs: number;
  /** Lowest class weight it had while waiting (0 if it was background at any observation), for `waitBound`. */
  readonly minWeight: number;
  /** Other sessions seen holding a request (running or waiting) while it waited, for `waitBound`'s `others`. */
  readonly others: number;
}

/** What {@link createGrantWatcher} gives back. */
export interface GrantWatcher {
  /** Compares `view` (taken at `now`) with the previous one: records grants and checks each for starvation. */
  observe(view: SchedulerView, now: number): void;
  readonly grants: readonly GrantRecord[];
  /** Starvation violations found at grants, in order. */
  readonly violations: readonly Violation[];
  /**
   * The longest time one turn held a slot, over all its grants (a turn still running counts
   * its time so far). A slot hold ends at the first observation without it, so with sparse
   * observations this errs long.
   */
  readonly longestTurnMs: number;
}

interface Waiting {
  enqueuedAt: number;
  minWeight: number;
  others: Set<string>;
}

const weightOf = (c: PriorityClass) => (c === 'foreground' ? 1 : 0);

/**
 * Start times are read back as `now − elapsed`, which in floating point may differ from the
 * original by an ulp when times are fractional: within 1 µs they are the same moment.
 */
const sameTime = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 1e-3;

/**
 * Watches scheduler views for grants: a request running now that was not running at the
 * previous observation. Each grant is checked with `noStarvation` against the requests
 * still waiting, and recorded with its wait. Observe after every burst of work (on a
 * virtual clock: whenever it is quiet) for exact waits; observations may be taken more
 * often than anything changes.
 *
 * @example
 * ```ts
 * const watcher = createGrantWatcher({ agingMs: 30_000 });
 * await clock.runUntil(() => (watcher.observe(board.scheduler(), clock.now()), board.isIdle()));
 * expect(watcher.violations).toEqual([]);
 * ```
 */
export function createGrantWatcher(options: { agingMs: number }): GrantWatcher {
  const { agingMs } = options;
  const grants: GrantRecord[] = [];
  const violations: Violation[] = [];
  const waiting = new Map<string, Waiting>();
  /** turnId → start of its current slot hold. */
  let running = new Map<string, number>();
  /** turnId → slot time of its finished holds. */
  const held = new Map<string, number>();
  let longestFinished = 0;
  let lastNow = -Infinity;

  const closeHold = (turnId: string, startedAt: number, now: number) => {
    const total = (held.get(turnId) ?? 0) + (now - startedAt);
    held.set(turnId, total);
    if (total > longestFinished) longestFinished = total;
  };

  return {
    observe(view, now) {
      lastNow = now;
      const holders = new Set<string>();
      for (const r of view.running) holders.add(r.sessionId);
      for (const q of view.queued) holders.add(q.sessionId);

      const nextRunning = new Map<string, number>();
      for (const r of view.running) nextRunning.set(r.turnId, now - r.runningMs);
      for (const [turnId, startedAt] of running) {
        if (!sameTime(nextRunning.get(turnId), startedAt)) closeHold(turnId, startedAt, now);
      }

      const stillWaiting = view.queued.map((q) => toRequestView(q, agingMs));
      for (const r of view.running) {
        const startedAt = nextRunning.get(r.turnId)!;
        if (sameTime(running.get(r.turnId), startedAt)) continue;
        const w = waiting.get(r.turnId);
        waiting.delete(r.turnId);
        // Never seen waiting: granted in the burst that queued it, so it did not wait for anyone.
        const others = new Set(w?.others ?? []);
        if (w) for (const s of holders) if (s !== r.sessionId) others.add(s);
        grants.push({
          turnId: r.turnId,
          sessionId: r.sessionId,
          priorityClass: r.priorityClass,
          grantedAt: startedAt,
          waitedMs: w ? startedAt - w.enqueuedAt : 0,
          minWeight: Math.min(w?.minWeight ?? 1, weightOf(r.priorityClass)),
          others: others.size,
        });
        const violation = noStarvation(toRequestView(r, agingMs), stillWaiting, agingMs);
        if (violation) violations.push(violation);
      }
      running = nextRunning;

      const seen = new Set<string>();
      for (const q of view.queued) {
        seen.add(q.turnId);
        const enqueuedAt = now - q.waitedMs;
        let w = waiting.get(q.turnId);
        if (!w || !sameTime(w.enqueuedAt, enqueuedAt)) {
          w = { enqueuedAt, minWeight: 1, others: new Set() };
          waiting.set(q.turnId, w);
        }
        w.minWeight = Math.min(w.minWeight, weightOf(q.priorityClass));
        for (const s of holders) if (s !== q.sessionId) w.others.add(s);
      }
      // Requests that left the queue without a grant were cancelled.
      for (const turnId of waiting.keys()) if (!seen.has(turnId)) waiting.delete(turnId);
    },
    grants,
    violations,
    get longestTurnMs() {
      let longest = longestFinished;
      for (const [turnId, startedAt] of running) longest = Math.max(longest, (held.get(turnId) ?? 0) + (lastNow - startedAt));
      return longest;
    },
  };
}
