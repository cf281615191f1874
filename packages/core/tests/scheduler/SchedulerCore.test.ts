import { describe, expect, it } from 'vitest';
import { createPriorityPolicy } from '../../src/policy/createPriorityPolicy.js';
import { QueueFullError } from '../../src/queue/QueueFullError.js';
import { SchedulerCore } from '../../src/scheduler/SchedulerCore.js';

const make = (slots: number, capacity?: number) =>
  new SchedulerCore<string>({ slots, policy: createPriorityPolicy({ agingMs: 1000 }), ...(capacity ? { capacity } : {}) });
const req = (turnId: string, sessionId = turnId) => ({ turnId, sessionId, session: sessionId });
const summary = (decisions: ReturnType<SchedulerCore<string>['plan']>) => decisions.map((d) => `${d.type}:${d.request.turnId}`);

describe('SchedulerCore', () => {
  it('grants free slots in rank order and keeps the rest waiting', () => {
    const core = make(2);
    core.activate('c');
    core.enqueue(req('a'), 0);
    core.enqueue(req('b'), 1);
    core.enqueue(req('c'), 2);
    expect(summary(core.plan(2))).toEqual(['grant:c', 'grant:a']);
    expect(core.queuedView(2).map((q) => q.turnId)).toEqual(['b']);
    expect(core.saturated).toBe(true);
  });

  it('interrupts the lowest-ranked stream for a foreground request and hands its slot over in the same step', () => {
    const core = make(1);
    core.enqueue(req('bg'), 0);
    core.plan(0);
    core.activate('fg');
    core.enqueue(req('fg'), 5);
    // The interrupt comes before the grant: the machine sends them in this order.
    expect(summary(core.plan(5))).toEqual(['preempt:bg', 'grant:fg']);
    expect(core.running.size).toBe(1);
    expect(summary(core.plan(5))).toEqual([]);
    const [waiting] = core.queuedView(6);
    expect(waiting).toMatchObject({ turnId: 'bg', resumed: true, waitedMs: 1, priorityClass: 'background' });
    core.release('fg', 'completed', 3);
    expect(summary(core.plan(9))).toEqual(['grant:bg']);
    expect(core.stats()).toMatchObject({ preemptions: 1, resumes: 1, completions: 1, running: 1, retries: 0 });
    expect(core.stats().wait.background).toEqual({ count: 2, p50: 0, p99: 4 });
    expect(core.stats().timeToFirstToken).toEqual({ count: 1, p50: 3, p99: 3 });
  });

  it('re-queues a turn that gave its slot back after a fault, counted as a retry', () => {
    const core = make(1);
    core.enqueue(req('a'), 0);
    core.plan(0);
    core.suspend('a', 4);
    expect(core.queuedView(4)).toMatchObject([{ turnId: 'a', resumed: true }]);
    expect(summary(core.plan(4))).toEqual(['grant:a']);
    expect(core.stats()).toMatchObject({ retries: 1, preemptions: 0, resumes: 1 });
  });

  it('re-queues a suspended request with its original arrival, ahead of later arrivals of its class', () => {
    const core = make(1);
    core.enqueue(req('early'), 0);
    core.plan(0);
    core.enqueue(req('late'), 10);
    core.activate('fg');
    core.enqueue(req('fg'), 20);
    expect(summary(core.plan(20))).toEqual(['preempt:early', 'grant:fg']);
    expect(core.queuedView(21).map((q) => q.turnId)).toEqual(['early', 'late']);
  });

  it('moves work between classes when the active session changes', () => {
    const core = make(1);
    core.enqueue(req('a'), 0);
    core.plan(0);
    core.enqueue(req('b'), 1);
    expect(core.stats().queued).toEqual({ foreground: 0, background: 1 });
    core.activate('b');
    expect(core.stats().queued).toEqual({ foreground: 1, background: 0 });
    expect(summary(core.plan(2))).toEqual(['preempt:a', 'grant:b']);
    core.activate('a');
    expect(core.runningView(2)[0]).toMatchObject({ turnId: 'b', priorityClass: 'background' });
    expect(core.stats().queued).toEqual({ foreground: 1, background: 0 });
    expect(summary(core.plan(3))).toEqual(['preempt:b', 'grant:a']);
  });

  it('counts a cancel of a waiting request and forgets it', () => {
    const core = make(1);
    core.enqueue(req('a'), 0);
    core.enqueue(req('b'), 0);
    core.plan(0);
    core.release('b', 'cancelled');
    expect(core.queue.size).toBe(0);
    expect(core.stats()).toMatchObject({ cancellations: 1, queued: { foreground: 0, background: 0 } });
  });

  it('refuses past its capacity without touching what it holds', () => {
    const core = make(1, 2);
    core.enqueue(req('a'), 0);
    core.enqueue(req('b'), 0);
    expect(() => core.enqueue(req('c'), 0)).toThrow(QueueFullError);
    expect(core.queuedView(0).map((q) => q.turnId)).toEqual(['a', 'b']);
  });
});
