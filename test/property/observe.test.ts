import { createSwitchboard, createVirtualClock, type ChatMessage, type Provider } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';
import { createSystemProbe, observeProvider } from '@switchboard/core/testing';
import { runSwitchboardProperty } from './runProperty.js';

const reply = (tokens: number) => (conversation: readonly ChatMessage[]) => simulatedReply(conversation, { tokens, seed: 0 }).join('');

/** Reads a stream to its end, swallowing the abort. */
const drain = async (stream: AsyncIterable<unknown>) => {
  try {
    for await (const _ of stream);
  } catch {
    // aborted
  }
};

describe('observeProvider', () => {
  it('counts a stream live from its call until its signal aborts or it finishes', async () => {
    const clock = createVirtualClock();
    const observed = observeProvider(createSimulatedProvider({ clock, tokens: 4, tokensPerSecond: 100, firstTokenMs: 10 }));
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const first = new AbortController();
    const second = new AbortController();
    const done = [drain(observed.provider.stream({ messages, signal: first.signal })), drain(observed.provider.stream({ messages, signal: second.signal }))];
    expect(observed.liveStreams).toBe(2);
    first.abort();
    expect(observed.liveStreams).toBe(1);
    const aborted = new AbortController();
    aborted.abort();
    const never = drain(observed.provider.stream({ messages, signal: aborted.signal }));
    expect(observed.liveStreams).toBe(1);
    await clock.runAll();
    await Promise.all([...done, never]);
    expect(observed.liveStreams).toBe(0);
    expect(observed.maxLiveStreams).toBe(2);
    expect(observed.streamsStarted).toBe(2);
  });
});

describe('createSystemProbe', () => {
  const setup = (expected = reply(5)) => {
    const clock = createVirtualClock();
    const observed = observeProvider(createSimulatedProvider({ clock, tokens: 5, tokensPerSecond: 50, firstTokenMs: 100 }));
    const board = createSwitchboard({ provider: observed.provider, clock, slots: 1 });
    const probe = createSystemProbe({ board, observed, clock, agingMs: 1000, expected, capacity: 10 });
    return { clock, board, probe };
  };

  it('records each grant with its wait, as the scheduler measured it', async () => {
    const { clock, board, probe } = setup();
    const a = board.createSession({ id: 'a' });
    const b = board.createSession({ id: 'b' });
    probe.send(a, 'first');
    probe.send(b, 'second');
    const broken: string[] = [];
    await clock.runUntil(() => (broken.push(...probe.check().map((v) => v.message)), board.isIdle()));
    expect(broken).toEqual([]);
    // a streams from 0: first token at 100, one every 20 ms, so its 5 tokens end at 180.
    expect(probe.grants.map(({ turnId, waitedMs, others }) => ({ turnId, waitedMs, others }))).toEqual([
      { turnId: 'm1', waitedMs: 0, others: 0 },
      { turnId: 'm2', waitedMs: 180, others: 1 },
    ]);
    expect(board.stats().wait.background).toMatchObject({ count: 2, p99: 180 });
    expect(probe.longestTurnMs).toBe(180);
    expect(probe.check(true)).toEqual([]);
  });

  it('reports messages that have not ended once the run is declared over', async () => {
    const { clock, board, probe } = setup();
    probe.send(board.createSession(), 'hello');
    expect(probe.check(true).map((v) => v.invariant)).toEqual(['outcome']);
    await clock.runUntil(() => board.isIdle());
    expect(probe.check(true)).toEqual([]);
    expect(probe.messages).toMatchObject([{ id: 'm1', settlements: 1, streamEnds: 1, outcome: 'completed' }]);
  });

  it('reports an answer that departs from the uninterrupted one', async () => {
    const { clock, board, probe } = setup((conversation) => reply(5)(conversation).replace(/.$/, '?'));
    probe.send(board.createSession(), 'hello');
    await clock.runUntil(() => board.isIdle());
    expect(probe.check(true)).toEqual([expect.objectContaining({ invariant: 'answer', message: expect.stringMatching(/the answer to m1:answer/) })]);
  });

  it('reports a board whose outstanding count disagrees with the messages accepted and ended', async () => {
    const { board, probe } = setup();
    board.send(board.createSession(), 'sent around the probe');
    expect(probe.check().map((v) => v.invariant)).toEqual(['outstanding']);
  });
});

describe('the property catches a provider that corrupts resumed answers', () => {
  /** Loses the first token of every resumed stream: a resume that skips text. */
  const dropsFirstResumedToken = (inner: Provider): Provider => ({
    name: 'lossy',
    async *stream(request) {
      let skip = (request.prefix ?? '') !== '';
      for await (const event of inner.stream(request)) {
        if (skip && event.type === 'delta') {
          skip = false;
          continue;
        }
        yield event;
      }
    },
  });

  it('as a broken answer (invariant 4), with a short counterexample', async () => {
    const outcome = await runSwitchboardProperty({ numRuns: 300, seed: 1, wrapProvider: dropsFirstResumedToken });
    console.log(`drops a resumed token:\n${outcome.counterexample}`);
    expect(outcome.failed).toBe(true);
    expect(outcome.invariants).toEqual(['answer']);
    expect(outcome.commands).toBeLessThanOrEqual(6);
  }, 60_000);
});
