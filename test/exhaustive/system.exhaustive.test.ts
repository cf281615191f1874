import { SchedulerCore, createPriorityPolicy, type SchedulingPolicy } from '@switchboard/core';
import { exploreSystem, formatExploreResult } from '@switchboard/core/testing';
import { describe, expect, it } from 'vitest';
import { TEST_BOUNDS, bounds } from './bounds.js';

describe('every reachable state of the composed system', () => {
  for (const b of TEST_BOUNDS) {
    it(`${b.sessions} sessions, ${b.slots} slot(s), ≤ ${b.messagesPerSession} messages each: all invariants hold`, () => {
      const result = exploreSystem(b);
      console.log(formatExploreResult(result));
      expect(result.violation).toBeNull();
      // Not vacuous: the exploration reached preemptions, faults, cancels and refusals.
      expect(result.states).toBeGreaterThan(1000);
      expect(result.depth).toBeGreaterThan(10);
    }, 120_000);
  }
});

describe('a broken scheduler is caught, with the shortest counterexample', () => {
  it('a policy that never preempts breaks the priority invariant', () => {
    const sound = createPriorityPolicy({ agingMs: 1000 });
    const lazy: SchedulingPolicy = { ...sound, planPreemptions: () => [] };
    const result = exploreSystem(bounds({ policy: lazy, messagesPerSession: 1, ticks: 0 }));
    console.log(formatExploreResult(result));
    expect(result.violation).toMatchObject({ invariant: 'priority' });
    // Shortest: a background answer takes the slot, the other session asks and becomes the foreground.
    expect(result.violation!.trace).toHaveLength(3);
    expect(result.violation!.trace).toContain('switch s1');
  });

  it('a scheduler that forgets to re-queue a suspended turn breaks progress', () => {
    class Forgetful extends SchedulerCore<unknown> {
      override suspend(turnId: string): void {
        this.running.delete(turnId); // gives the slot back, but never puts the turn back in the queue
      }
    }
    const result = exploreSystem(bounds({ messagesPerSession: 1, ticks: 0, createCore: (options) => new Forgetful(options) }));
    console.log(formatExploreResult(result));
    expect(result.violation).toMatchObject({ invariant: 'progress' });
    expect(result.violation!.trace).toEqual(['send s0', 'fault s0']);
  });

  it('a policy without aging lets new foreground work overtake an old background request', () => {
    const sound = createPriorityPolicy({ agingMs: 1000 });
    const ageless: SchedulingPolicy = { ...sound, rank: (r) => (r.priorityClass === 'foreground' ? 1 : 0) };
    const result = exploreSystem(bounds({ policy: ageless, messagesPerSession: 2, ticks: 1 }));
    console.log(formatExploreResult(result));
    expect(result.violation).toMatchObject({ invariant: 'starvation' });
  });
});
