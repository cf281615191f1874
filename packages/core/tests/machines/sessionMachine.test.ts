import { describe, expect, it } from 'vitest';
import { createActor, createMachine, fromCallback, type AnyActorRef } from 'xstate';
import type { StreamInput } from '../../src/actors/fromProviderStream.js';
import { sessionMachine } from '../../src/machines/sessionMachine.js';
import { ProviderError } from '../../src/provider/ProviderError.js';
import type { SchedulerEvent } from '../../src/scheduler/events.js';
import type { SessionEmitted } from '../../src/session/events.js';

/** A session wired to a scheduler that only records, and a stream actor the test drives by hand. */
function setupSession() {
  const toScheduler: SchedulerEvent[] = [];
  const streams: StreamInput[] = [];
  let liveStreams = 0;
  const scheduler = createActor(
    createMachine({ on: { '*': { actions: ({ event }) => toScheduler.push(event as SchedulerEvent) } } }),
  ).start() as AnyActorRef;
  const machine = sessionMachine.provide({
    actors: {
      streamReply: fromCallback<{ type: 'never' }, StreamInput>(({ input }) => {
        streams.push(input);
        liveStreams++;
        return () => void liveStreams--;
      }),
    },
  });
  const actor = createActor(machine, { input: { sessionId: 'a', scheduler } }).start();
  const emitted: SessionEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  return {
    actor,
    toScheduler,
    streams,
    emitted,
    get liveStreams() {
      return liveStreams;
    },
    state: () => actor.getSnapshot().value,
    ctx: () => actor.getSnapshot().context,
  };
}

describe('sessionMachine', () => {
  it('goes idle → queued → streaming → idle, asking for and giving back a slot', () => {
    const s = setupSession();
    s.actor.send({ type: 'SEND', messageId: 'm1', text: 'hello', at: 1 });
    expect(s.state()).toBe('queued');
    expect(s.toScheduler).toMatchObject([{ type: 'REQUEST', turnId: 'm1', sessionId: 'a', at: 1 }]);
    s.actor.send({ type: 'GRANT', turnId: 'm1', at: 2 });
    expect(s.state()).toBe('streaming');
    expect(s.streams).toMatchObject([{ attempt: 1, messages: [{ role: 'user', content: 'hello' }], prefix: '', faults: 0 }]);
    s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'Hi', at: 5 });
    s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: ' there', at: 6 });
    expect(s.ctx().turn).toMatchObject({ partial: 'Hi there', startedAt: 2, firstTokenAt: 5 });
    s.actor.send({ type: 'STREAM.DONE', attempt: 1, reason: 'stop', at: 9 });
    expect(s.state()).toBe('idle');
    expect(s.liveStreams).toBe(0);
    expect(s.toScheduler.at(-1)).toEqual({ type: 'RELEASE', turnId: 'm1', outcome: 'completed', at: 9, timeToFirstTokenMs: 4 });
    expect(s.ctx().messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'hello', undefined],
      ['assistant', 'Hi there', 'completed'],
    ]);
    expect(s.emitted.filter((e) => e.type !== 'stateExited').map((e) => e.type)).toEqual(['delta', 'delta', 'turnEnded']);
  });

  it('carries the partial from streaming to suspended to resuming, and drops late chunks of the stopped stream', () => {
    const s = setupSession();
    s.actor.send({ type: 'SEND', messageId: 'm1', text: 'q', at: 0 });
    s.actor.send({ type: 'GRANT', turnId: 'm1', at: 0 });
    s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'abc', at: 1 });
    s.actor.send({ type: 'PREEMPT', turnId: 'm1', at: 2 });
    expect(s.state()).toBe('suspended');
    expect(s.liveStreams).toBe(0);
    // The scheduler re-queued the turn when it sent the interrupt: nothing to acknowledge.
    expect(s.toScheduler.map((e) => e.type)).toEqual(['REQUEST']);
    // A chunk the stopped stream had buffered arrives late: it is not part of the partial.
    s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'LATE', at: 3 });
    s.actor.send({ type: 'STREAM.DONE', attempt: 1, reason: 'stop', at: 3 });
    expect(s.state()).toBe('suspended');
    expect(s.ctx().turn!.partial).toBe('abc');
    s.actor.send({ type: 'GRANT', turnId: 'm1', at: 4 });
    expect(s.state()).toBe('resuming');
    expect(s.streams.at(-1)).toMatchObject({ attempt: 2, messages: [{ role: 'user', content: 'q' }], prefix: 'abc', faults: 0 });
    s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'LATE', at: 5 });
    expect(s.state()).toBe('resuming');
    s.actor.send({ type: 'STREAM.DELTA', attempt: 2, text: 'def', at: 5 });
    expect(s.state()).toBe('streaming');
    s.actor.send({ type: 'STREAM.DONE', attempt: 2, reason: 'stop', at: 6 });
    expect(s.ctx().messages.at(-1)!.content).toBe('abcdef');
    expect(s.ctx().turn).toBeNull();
  });

  it('ignores grants and interrupts for another turn', () => {
    const s = setupSession();
    s.actor.send({ type: 'SEND', messageId: 'm1', text: 'q', at: 0 });
    s.actor.send({ type: 'GRANT', turnId: 'other', at: 0 });
    expect(s.state()).toBe('queued');
    s.actor.send({ type: 'GRANT', turnId: 'm1', at: 0 });
    s.actor.send({ type: 'PREEMPT', turnId: 'other', at: 0 });
    expect(s.state()).toBe('streaming');
  });

  it('queues messages sent while busy and starts the next in the same message that releases the slot', () => {
    const s = setupSession();
    s.actor.send({ type: 'SEND', messageId: 'm1', text: 'one', at: 0 });
    s.actor.send({ type: 'SEND', messageId: 'm2', text: 'two', at: 1 });
    s.actor.send({ type: 'GRANT', turnId: 'm1', at: 1 });
    s.actor.send({ type: 'SEND', messageId: 'm3', text: 'three', at: 2 });
    expect(s.ctx().pending.map((p) => p.id)).toEqual(['m2', 'm3']);
    s.actor.send({ type: 'STREAM.DONE', attempt: 1, reason: 'stop', at: 3 });
    expect(s.state()).toBe('queued');
    expect(s.toScheduler.at(-1)).toMatchObject({ type: 'RELEASE', turnId: 'm1', outcome: 'completed', next: { turnId: 'm2', sessionId: 'a' } });
    expect(s.ctx().messages.map((m) => m.content)).toEqual(['one', '', 'two']);
    expect(s.ctx().pending.map((p) => p.id)).toEqual(['m3']);
  });

  it('fails a turn keeping its partial and error, and starts over on the next message', () => {
    const s = setupSession();
    s.actor.send({ type: 'SEND', messageId: 'm1', text: 'q', at: 0 });
    s.actor.send({ type: 'GRANT', turnId: 'm1', at: 0 });
    s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'par', at: 1 });
    s.actor.send({ type: 'STREAM.ERROR', attempt: 1, error: new ProviderError('auth', 'Key refused.'), at: 2 });
    expect(s.state()).toBe('failed');
    expect(s.ctx().error).toEqual({ kind: 'auth', message: 'Key refused.' });
    expect(s.ctx().messages.at(-1)).toMatchObject({ content: 'par', status: 'failed' });
    expect(s.toScheduler.at(-1)).toMatchObject({ type: 'RELEASE', outcome: 'failed' });
    s.actor.send({ type: 'SEND', messageId: 'm2', text: 'again', at: 3 });
    expect(s.state()).toBe('queued');
  });

  it('cancels from every state that has a turn, and does nothing in idle', () => {
    for (const reach of ['queued', 'streaming', 'suspended', 'resuming'] as const) {
      const s = setupSession();
      s.actor.send({ type: 'SEND', messageId: 'm1', text: 'q', at: 0 });
      if (reach !== 'queued') s.actor.send({ type: 'GRANT', turnId: 'm1', at: 0 });
      if (reach === 'suspended' || reach === 'resuming') {
        s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'x', at: 0 });
        s.actor.send({ type: 'PREEMPT', turnId: 'm1', at: 0 });
      }
      if (reach === 'resuming') s.actor.send({ type: 'GRANT', turnId: 'm1', at: 0 });
      expect(s.state()).toBe(reach);
      s.actor.send({ type: 'CANCEL', at: 1 });
      expect(s.state()).toBe('idle');
      expect(s.liveStreams).toBe(0);
      expect(s.toScheduler.at(-1)).toMatchObject({ type: 'RELEASE', turnId: 'm1', outcome: 'cancelled' });
      const ended = s.emitted.filter((e) => e.type === 'turnEnded');
      expect(ended).toHaveLength(1);
    }
    const idle = setupSession();
    idle.actor.send({ type: 'CANCEL', at: 0 });
    expect(idle.state()).toBe('idle');
    expect(idle.toScheduler).toEqual([]);
  });

  it('is a pure function of its events: the same events give the same snapshots', () => {
    const run = () => {
      const s = setupSession();
      s.actor.send({ type: 'SEND', messageId: 'm1', text: 'q', at: 0 });
      s.actor.send({ type: 'GRANT', turnId: 'm1', at: 3 });
      s.actor.send({ type: 'STREAM.DELTA', attempt: 1, text: 'abc', at: 7 });
      const { scheduler: _scheduler, ...context } = s.ctx();
      return { value: s.state(), context };
    };
    expect(run()).toEqual(run());
  });
});
