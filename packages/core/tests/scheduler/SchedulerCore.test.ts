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

  it('interrupts the lowest-ranked stream for a foreground request, once, and keeps the slot until it yields', () => {
    const core = make(1);
    core.enqueue(req('bg'), 0);
    core.plan(0);
    core.activate('fg');
    core.enqueue(req('fg'), 5);
    expect(summary(core.plan(5))).toEqual(['preempt:bg']);
    expect(core.running.size).toBe(1);
    // Asked again before the victim yields: nothing new.
    expect(summary(core.plan(5))).toEqual([]);
    core.suspend('bg', 6);
    expect(summary(core.plan(6))).toEqual(['grant:fg']);
    const [waiting] = core.queuedView(6);
    expect(waiting).toMatchObject({ turnId: 'bg', resumed: true, waitedMs: 0, priorityClass: 'background' });
    core.release('fg', 'completed', 3);
    expect(summary(core.plan(9))).toEqual(['grant:bg']);
    expect(core.stats()).toMatchObject({ preemptions: 1, resumes: 1, completions: 1, running: 1 });
    expect(core.stats().wait.background).toEqual({ count: 2, p50: 0, p99: 3 });
    expect(core.stats().timeToFirstToken).toEqual({ count: 1, p50: 3, p99: 3 });
  });

  it('re-queues a suspended request with its original arrival, ahead of later arrivals of its class', () => {
    const core = make(1);
    core.enqueue(req('early'), 0);
    core.plan(0);
    core.enqueue(req('late'), 10);
    core.activate('fg');
    core.enqueue(req('fg'), 20);
    core.plan(20);
    core.suspend('early', 21);
    core.plan(21);
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
    expect(summary(core.plan(2))).toEqual(['preempt:a']);
    core.activate('a');
    expect(core.runningView(2)[0]).toMatchObject({ turnId: 'a', priorityClass: 'foreground' });
    expect(core.stats().queued).toEqual({ foreground: 0, background: 1 });
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
