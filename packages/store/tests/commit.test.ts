import { createSwitchboard, createVirtualClock } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';
import { useStores, message, pending, turn } from './helpers.js';

const { tmp, open, openStore } = useStores();

describe('commit', () => {
  it('writes a batch of sessions, a deletion and the queue order together', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 'gone', name: 'gone', createdAt: 1, updatedAt: 1, state: 'idle' });
    store.commit({
      sessions: [
        {
          sessionId: 'a',
          record: { id: 'a', name: 'A', createdAt: 2, updatedAt: 3, state: 'streaming' },
          messages: [message('m1')],
          pending: [pending('m2')],
          turn: turn('m1', 'Half an ans'),
        },
      ],
      deleted: ['gone'],
      queueOrder: ['m1'],
    });
    expect(store.loadAll()).toMatchObject({
      sessions: [{ session: { id: 'a', state: 'streaming' }, messages: [{ id: 'm1' }], pending: [{ id: 'm2' }], turn: { partial: 'Half an ans' } }],
      queueOrder: ['m1'],
    });
  });

  it('writes nothing of a batch that fails part-way', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 'a', name: 'A', createdAt: 1, updatedAt: 1, state: 'idle' });
    expect(() =>
      store.commit({
        sessions: [
          { sessionId: 'a', messages: [message('m1')], turn: turn('m1', 'x') },
          { sessionId: 'nobody', pending: [] },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(store.loadSession('a')).toMatchObject({ messages: [], turn: null });
  });
});

describe('a switchboard on a SQLite file', () => {
  it('picks up after the process that wrote it: restores the interrupted turn and finishes it exactly', async () => {
    const file = tmp.file();
    const clock = createVirtualClock();
    const provider = createSimulatedProvider({ clock, tokens: 30, tokensPerSecond: 50, firstTokenMs: 0 });
    const first = createSwitchboard({ provider, clock, store: openStore(file), persist: { flushTokens: 4 } });
    const a = first.createSession({ id: 'a', name: 'Tides' });
    first.send(a, 'Tell me about tides');
    await clock.runUntil(() => (first.session(a).turn?.tokens ?? 0) >= 10);
    first.stop();
    open.pop()!.close();

    const clock2 = createVirtualClock();
    const store = openStore(file);
    const saved = store.loadSession(a)!;
    expect(saved.turn!.partial.length).toBeGreaterThan(0);
    const second = createSwitchboard({ provider: createSimulatedProvider({ clock: clock2, tokens: 30 }), clock: clock2, store });
    expect(second.session(a).name).toBe('Tides');
    await clock2.runUntil(() => second.isIdle());
    const [user, answer] = second.session(a).messages;
    expect(answer!.content).toBe(simulatedReply([{ role: 'user', content: user!.content }], { tokens: 30, seed: 0 }).join(''));
    expect(store.loadSession(a)).toMatchObject({ turn: null, messages: [{ role: 'user' }, { role: 'assistant', status: 'completed' }] });
  });
});
