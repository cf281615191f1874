import { createMemoryStore, type MemoryStore, type SessionView } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/createHarness.js';
import { expectedAnswers } from '../helpers/expectedAnswers.js';

const TOKENS = 20;

/** A fresh process on what the store holds: a new clock, provider and switchboard. */
function reopen(store: MemoryStore) {
  return createHarness({ store, persist: { flushTokens: 4 }, provider: { tokens: TOKENS } });
}

const userTexts = (view: SessionView) => view.messages.filter((m) => m.role === 'user').map((m) => m.content);

/** Every user message has exactly one answer right after it, equal to the uninterrupted run's. */
function expectWholeAnswers(view: SessionView) {
  const roles = view.messages.map((m) => m.role).join(',');
  expect(roles).toBe(view.messages.map((_, i) => (i % 2 === 0 ? 'user' : 'assistant')).join(','));
  expect(view.messages.length % 2).toBe(0);
  for (const { actual, expected } of expectedAnswers(view, { tokens: TOKENS })) expect(actual).toBe(expected);
  for (const m of view.messages) if (m.role === 'assistant') expect(m.status).toBe('completed');
}

describe('a switchboard with a store', () => {
  it('stores a message before send() returns, as the turn or as waiting', () => {
    const store = createMemoryStore();
    const h = createHarness({ store, provider: { tokens: TOKENS } });
    const a = h.board.createSession({ id: 'a', name: 'Research' });
    h.board.send(a, 'first');
    expect(store.loadSession(a)).toMatchObject({
      session: { id: 'a', name: 'Research', state: 'streaming' },
      messages: [{ role: 'user', content: 'first' }],
      turn: { text: 'first', partial: '' },
      pending: [],
    });
    h.board.send(a, 'second');
    expect(store.loadSession(a)!.pending.map((p) => p.text)).toEqual(['second']);
  });

  it('writes a streaming partial every flushTokens pieces, and after flushMs when fewer came', async () => {
    const store = createMemoryStore();
    // 10 tokens a second: 4 tokens take 400 ms, so the 250 ms timer writes first.
    const h = createHarness({ store, persist: { flushTokens: 5, flushMs: 250 }, provider: { tokens: 40, tokensPerSecond: 10, firstTokenMs: 0 } });
    const a = h.board.createSession({ id: 'a' });
    h.board.send(a, 'count');
    const storedTokens = () => store.loadSession(a)!.turn?.tokens ?? -1;
    await h.until(() => (h.board.session(a).turn?.tokens ?? 0) >= 2);
    // 2 pieces in memory, fewer than flushTokens and the timer has not fired: nothing yet.
    expect(storedTokens()).toBe(0);
    await h.until(() => storedTokens() > 0);
    expect(h.clock.now() % 250).toBe(0);
    expect(storedTokens()).toBeLessThan(5);
    await h.settle();
    expect(store.loadSession(a)!.turn).toBeNull();
  });

  it('writes the partial alone each time it gained flushTokens pieces', async () => {
    const store = createMemoryStore();
    const partialWrites: number[] = [];
    const commit = store.commit.bind(store);
    store.commit = (batch) => {
      commit(batch);
      for (const change of batch.sessions ?? []) {
        const partialOnly = change.turn && change.record === undefined && change.messages === undefined && change.pending === undefined;
        if (partialOnly) partialWrites.push(change.turn!.tokens);
      }
    };
    const h = createHarness({ store, persist: { flushTokens: 5, flushMs: 60_000 }, provider: { tokens: 40, tokensPerSecond: 100, firstTokenMs: 0 } });
    h.board.send(h.board.createSession({ id: 'b' }), 'count');
    await h.settle();
    expect(partialWrites).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    expect(store.loadSession('b')!.messages.at(-1)).toMatchObject({ role: 'assistant', tokens: 40, status: 'completed' });
  });

  it('keeps unfinished turns resumable when stopped, and the next switchboard finishes them', async () => {
    const store = createMemoryStore();
    const h = createHarness({ store, persist: { flushTokens: 4 }, slots: 1, provider: { tokens: TOKENS } });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    h.board.send(a, 'tell me about tides');
    h.board.send(b, 'and about the moon');
    h.board.send(a, 'and the sun?');
    await h.until(() => (h.board.session(a).turn?.tokens ?? 0) >= 9);
    h.board.stop();
    const saved = store.loadSession(a)!;
    expect(saved.turn).toMatchObject({ text: 'tell me about tides' });
    expect(saved.turn!.partial.length).toBeGreaterThan(0);
    expect(saved.pending.map((p) => p.text)).toEqual(['and the sun?']);
    expect(store.loadSession(b)!.session.state).toBe('queued');

    const next = reopen(store);
    // It was streaming, so it goes first: restored as suspended, it has its slot again at once.
    expect(next.board.session(a).state).toBe('resuming');
    expect(next.board.session(a).turn!.partial).toBe(saved.turn!.partial);
    expect(next.board.session(b).state).toBe('queued');
    expect(next.board.restored).toHaveLength(3);
    await next.settle();
    for (const view of next.board.sessions()) expectWholeAnswers(view);
    expect(userTexts(next.board.session(a))).toEqual(['tell me about tides', 'and the sun?']);
    expect(userTexts(next.board.session(b))).toEqual(['and about the moon']);
    // The resumed answer continued from the saved partial: the provider was asked with it as prefix.
    expect(next.observed.requests.some((r) => r.prefix === saved.turn!.partial)).toBe(true);
    expect((await Promise.all(next.board.restored.map((r) => r.result))).map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    // New messages never reuse a restored id.
    const ids = new Set(next.board.sessions().flatMap((v) => v.messages.map((m) => m.id)));
    const reply = next.board.send(a, 'one more');
    expect(ids.has(reply.messageId)).toBe(false);
  });
});

describe('a crash at any write', () => {
  it('loses no accepted message, duplicates no answer, and every answer equals the uninterrupted one', async () => {
    const store = createMemoryStore();
    const disks: Array<{ disk: MemoryStore; accepted: Map<string, string[]> }> = [];
    const accepted = new Map<string, string[]>();
    const commit = store.commit.bind(store);
    // What the disk holds after each transaction, and which sends had returned by then.
    store.commit = (batch) => {
      commit(batch);
      disks.push({ disk: store.copy(), accepted: new Map([...accepted].map(([k, v]) => [k, [...v]])) });
    };
    const h = createHarness({ store, persist: { flushTokens: 3 }, slots: 1, provider: { tokens: TOKENS } });
    const script: Array<[string, string]> = [['b', 'background one'], ['c', 'background two'], ['b', 'background three'], ['a', 'foreground'], ['a', 'foreground again']];
    for (const id of ['a', 'b', 'c']) h.board.createSession({ id });
    h.board.switchTo('a');
    for (const [i, [session, text]] of script.entries()) {
      h.board.send(session, text);
      accepted.set(session, [...(accepted.get(session) ?? []), text]);
      // Sends land mid-answer: 150 ms apart, answers take 20 tokens at 50 a second.
      await h.until(() => h.clock.now() >= (i + 1) * 150);
    }
    await h.settle();
    expect(h.board.stats().preemptions).toBeGreaterThan(0);
    expect(disks.length).toBeGreaterThan(30);
    // Crashes mid-answer are among them: those resume from a stored partial.
    const withPartial = disks.filter(({ disk }) => disk.loadAll().sessions.some((s) => (s.turn?.partial ?? '') !== ''));
    expect(withPartial.length).toBeGreaterThan(10);

    for (const { disk, accepted: before } of disks) {
      const next = reopen(disk);
      await next.settle();
      for (const view of next.board.sessions()) {
        const sent = script.filter(([s]) => s === view.id).map(([, t]) => t);
        const texts = userTexts(view);
        // A prefix of what was sent, holding at least every send that had returned.
        expect(texts).toEqual(sent.slice(0, texts.length));
        expect(texts.length).toBeGreaterThanOrEqual(before.get(view.id)?.length ?? 0);
        expectWholeAnswers(view);
      }
    }
  });
});
