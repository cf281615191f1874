import { describe, expect, it } from 'vitest';
import { createActor, createMachine, type AnyActorRef } from 'xstate';
import { schedulerMachine } from '../../src/machines/schedulerMachine.js';
import { createPriorityPolicy } from '../../src/policy/createPriorityPolicy.js';

/** Stand-in sessions that only record what the scheduler tells them. */
function recorder(log: string[], id: string): AnyActorRef {
  return createActor(createMachine({ on: { '*': { actions: ({ event }) => log.push(`${id}:${event.type}`) } } })).start();
}

describe('schedulerMachine', () => {
  it('moves through idle, serving and saturated as work arrives and leaves', () => {
    const log: string[] = [];
    const scheduler = createActor(schedulerMachine, { input: { slots: 1, policy: createPriorityPolicy() } }).start();
    const [a, b] = [recorder(log, 'a'), recorder(log, 'b')];
    const states = [scheduler.getSnapshot().value];
    scheduler.subscribe((s) => states.push(s.value));
    scheduler.send({ type: 'REQUEST', turnId: 't1', sessionId: 'a', session: a, at: 0 });
    scheduler.send({ type: 'REQUEST', turnId: 't2', sessionId: 'b', session: b, at: 1 });
    scheduler.send({ type: 'RELEASE', turnId: 't1', outcome: 'completed', at: 2 });
    scheduler.send({ type: 'RELEASE', turnId: 't2', outcome: 'completed', at: 3 });
    expect(states).toEqual(['idle', 'serving', 'saturated', 'serving', 'idle']);
    expect(log).toEqual(['a:GRANT', 'b:GRANT']);
  });

  it('preempts on ACTIVATE when the newly foreground session waits behind background work', () => {
    const log: string[] = [];
    const scheduler = createActor(schedulerMachine, { input: { slots: 1, policy: createPriorityPolicy() } }).start();
    const [a, b] = [recorder(log, 'a'), recorder(log, 'b')];
    scheduler.send({ type: 'REQUEST', turnId: 't1', sessionId: 'a', session: a, at: 0 });
    scheduler.send({ type: 'REQUEST', turnId: 't2', sessionId: 'b', session: b, at: 1 });
    scheduler.send({ type: 'ACTIVATE', sessionId: 'b', at: 2 });
    // The interrupt goes out before the grant of the slot it frees.
    expect(log).toEqual(['a:GRANT', 'a:PREEMPT', 'b:GRANT']);
    expect(scheduler.getSnapshot().context.core.stats().preemptions).toBe(1);
  });

  it('queues a session’s next turn in the same step as the release, so the slot is weighed against it', () => {
    const log: string[] = [];
    const scheduler = createActor(schedulerMachine, { input: { slots: 1, policy: createPriorityPolicy() } }).start();
    const [a, b] = [recorder(log, 'a'), recorder(log, 'b')];
    scheduler.send({ type: 'ACTIVATE', sessionId: 'a', at: 0 });
    scheduler.send({ type: 'REQUEST', turnId: 'a1', sessionId: 'a', session: a, at: 0 });
    scheduler.send({ type: 'REQUEST', turnId: 'b1', sessionId: 'b', session: b, at: 0 });
    scheduler.send({ type: 'RELEASE', turnId: 'a1', outcome: 'completed', at: 5, next: { turnId: 'a2', sessionId: 'a', session: a } });
    expect(log).toEqual(['a:GRANT', 'a:GRANT']);
  });

  it('stops for good on STOP', () => {
    const scheduler = createActor(schedulerMachine, { input: { slots: 1, policy: createPriorityPolicy() } }).start();
    scheduler.send({ type: 'STOP' });
    expect(scheduler.getSnapshot().status).toBe('done');
  });
});
