import { describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/createHarness.js';
import { expectedAnswers } from '../helpers/expectedAnswers.js';

const assertUninterrupted = (h: ReturnType<typeof createHarness>) => {
  for (const view of h.board.sessions()) {
    for (const { actual, expected } of expectedAnswers(view, { tokens: h.tokens })) expect(actual).toBe(expected);
  }
};

describe('scenario 1: switching during streaming with a free slot', () => {
  it('keeps the background answer streaming', async () => {
    const h = createHarness({ slots: 2 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    h.board.switchTo(b);
    const reply = h.board.send(b, 'Tell me about tides');
    await h.until(() => (h.board.session(b).turn?.partial.length ?? 0) > 0);
    h.board.switchTo(a);
    h.board.send(a, 'And about the moon');
    await h.until(() => h.board.session(a).state === 'streaming');
    expect(h.board.session(b).state).toBe('streaming');
    expect(h.board.scheduler().running.map((r) => r.sessionId).sort()).toEqual(['a', 'b']);
    await h.settle();
    expect(h.path(b)).toEqual(['idle', 'queued', 'streaming', 'idle']);
    expect(h.board.stats().preemptions).toBe(0);
    expect((await reply.result).status).toBe('completed');
    assertUninterrupted(h);
  });
});

describe('scenario 2: one slot, the foreground preempts a background answer', () => {
  it('suspends it with its partial, resumes from it, and ends with the uninterrupted text', async () => {
    const h = createHarness({ slots: 1 });
    const fg = h.board.createSession({ id: 'fg' });
    const bg = h.board.createSession({ id: 'bg' });
    h.board.switchTo(fg);
    const background = h.board.send(bg, 'Summarise the quarterly report');
    await h.until(() => (h.board.session(bg).turn?.partial.length ?? 0) >= 20);
    const partialBefore = h.board.session(bg).turn!.partial;
    const foreground = h.board.send(fg, 'Quick question');

    // The interrupt is handled in the same step: the slot changes hands at once.
    expect(h.board.session(bg).state).toBe('suspended');
    expect(h.board.session(bg).turn!.partial).toBe(partialBefore);
    expect(h.board.session(bg).turn!.preemptions).toBe(1);
    expect(h.board.session(fg).state).toBe('streaming');

    const foregroundAnswer = await (async () => {
      await h.until(() => h.board.session(fg).state === 'idle');
      return foreground.result;
    })();
    expect(foregroundAnswer.status).toBe('completed');
    expect(['resuming', 'streaming']).toContain(h.board.session(bg).state);
    await h.settle();

    const answer = await background.result;
    expect(answer.content.startsWith(partialBefore)).toBe(true);
    expect(h.path(bg)).toEqual(['idle', 'queued', 'streaming', 'suspended', 'resuming', 'streaming', 'idle']);
    // Tokens are counted across the suspension too: every token of the answer, once.
    expect(h.board.session(bg).messages.at(-1)!.tokens).toBe(h.tokens);
    // The resume asked the provider to continue from exactly the kept partial.
    const bgRequests = h.observed.requests.filter((r) => r.lastUser === 'Summarise the quarterly report');
    expect(bgRequests.map((r) => r.prefix)).toEqual(['', partialBefore]);
    const stats = h.board.stats();
    expect(stats).toMatchObject({ preemptions: 1, resumes: 1, completions: 2, failures: 0, cancellations: 0 });
    expect(stats.wait.foreground.count).toBe(1);
    assertUninterrupted(h);
  });

  it('orders recorded transitions causally: the preempted session is suspended before the slot is granted', async () => {
    const h = createHarness({ slots: 1 });
    const fg = h.board.createSession({ id: 'fg' });
    const bg = h.board.createSession({ id: 'bg' });
    h.board.switchTo(fg);
    h.board.send(bg, 'first');
    await h.until(() => h.board.session(bg).state === 'streaming');
    h.board.send(fg, 'second');
    const order = h.transitions.map((t) => `${t.session}:${t.to}`);
    expect(order.indexOf('bg:suspended')).toBeLessThan(order.lastIndexOf('fg:streaming'));
    await h.settle();
    const done = h.transitions.map((t) => `${t.session}:${t.to}`);
    // fg finishing frees the slot that bg then resumes in.
    expect(done.lastIndexOf('fg:idle')).toBeLessThan(done.indexOf('bg:resuming'));
  });
});

describe('scenario 3: 100 rapid switches among 5 sessions while 5 answers stream', () => {
  for (const slots of [1, 2, 3]) {
    it(`all complete, never more than ${slots} streams, nothing lost or repeated`, async () => {
      const h = createHarness({ slots, provider: { tokens: 40, tokensPerSecond: 100, firstTokenMs: 30 } });
      const ids = ['s1', 's2', 's3', 's4', 's5'].map((id) => h.board.createSession({ id }));
      const replies = ids.map((id, i) => h.board.send(id, `Question number ${i + 1}`));
      const pieces = replies.map(() => [] as string[]);
      replies.forEach((r, i) => r.text$.subscribe((piece) => pieces[i]!.push(piece)));
      for (let k = 0; k < 100; k++) {
        h.board.switchTo(ids[(k * 3) % ids.length]!);
        await h.clock.advance(7);
      }
      await h.settle();
      const answers = await Promise.all(replies.map((r) => r.result));
      expect(answers.every((a) => a.status === 'completed')).toBe(true);
      answers.forEach((a, i) => expect(pieces[i]!.join('')).toBe(a.content));
      expect(h.observed.maxLive).toBeLessThanOrEqual(slots);
      expect(h.maxRunning).toBeLessThanOrEqual(slots);
      const stats = h.board.stats();
      expect(stats.completions).toBe(5);
      if (slots < 5) expect(stats.preemptions).toBeGreaterThan(0);
      expect(stats.resumes).toBe(stats.preemptions);
      assertUninterrupted(h);
    });
  }
});
