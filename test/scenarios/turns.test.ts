import { ProviderError, QueueFullError, SwitchboardError, TurnFailedError, createPriorityPolicy } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/createHarness.js';
import { expectedAnswers } from '../helpers/expectedAnswers.js';

describe('cancelling', () => {
  it('cancels a queued turn: no answer, the slot holder is untouched', async () => {
    const h = createHarness({ slots: 1 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    const first = h.board.send(a, 'one');
    const second = h.board.send(b, 'two');
    await h.until(() => h.board.session(a).state === 'streaming');
    expect(h.board.session(b).state).toBe('queued');
    expect(h.board.cancel(b)).toBe(true);
    expect(h.board.session(b).state).toBe('idle');
    expect(await second.result).toEqual({ sessionId: 'b', messageId: second.messageId, status: 'cancelled', content: '' });
    expect(h.board.scheduler().queued).toEqual([]);
    await h.settle();
    expect((await first.result).status).toBe('completed');
    expect(h.board.stats()).toMatchObject({ cancellations: 1, completions: 1 });
    expect(h.board.session(b).messages.map((m) => m.role)).toEqual(['user']);
    expect(h.board.cancel(b)).toBe(false);
  });

  it('cancels a streaming turn, keeping its partial marked as cancelled, and frees the slot', async () => {
    const h = createHarness({ slots: 1 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    const first = h.board.send(a, 'one');
    const second = h.board.send(b, 'two');
    await h.until(() => (h.board.session(a).turn?.partial.length ?? 0) > 10);
    const partial = h.board.session(a).turn!.partial;
    h.board.cancel(a);
    expect(h.board.session(b).state).toBe('streaming');
    const answer = await first.result;
    expect(answer).toMatchObject({ status: 'cancelled', content: partial });
    expect(h.board.session(a).messages.at(-1)).toMatchObject({ role: 'assistant', content: partial, status: 'cancelled' });
    await h.settle();
    expect((await second.result).status).toBe('completed');
    expect(h.observed.maxLive).toBe(1);
  });

  it('cancels a suspended turn and, with pending: true, everything waiting behind it', async () => {
    const h = createHarness({ slots: 1 });
    const fg = h.board.createSession({ id: 'fg' });
    const bg = h.board.createSession({ id: 'bg' });
    h.board.switchTo(fg);
    const r1 = h.board.send(bg, 'one');
    const r2 = h.board.send(bg, 'two');
    await h.until(() => (h.board.session(bg).turn?.partial.length ?? 0) > 0);
    h.board.send(fg, 'urgent');
    expect(h.board.session(bg).state).toBe('suspended');
    h.board.cancel(bg, { pending: true });
    expect(h.board.session(bg).state).toBe('idle');
    expect((await r1.result).status).toBe('cancelled');
    expect(await r2.result).toMatchObject({ status: 'cancelled', content: '' });
    await h.settle();
    expect(h.board.session(bg).messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['one', 'two']);
    expect(h.board.stats()).toMatchObject({ cancellations: 2, completions: 1 });
  });
});

describe('a busy session', () => {
  it('answers messages sent while it is busy after the current turn, in order', async () => {
    const h = createHarness({ slots: 2 });
    const a = h.board.createSession({ id: 'a' });
    const replies = ['first', 'second', 'third'].map((text) => h.board.send(a, text));
    expect(h.board.session(a).pending.map((p) => p.text)).toEqual(['second', 'third']);
    await h.settle();
    const results = await Promise.all(replies.map((r) => r.result));
    expect(results.every((r) => r.status === 'completed')).toBe(true);
    expect(h.board.session(a).messages.map((m) => `${m.role}:${m.role === 'user' ? m.content : ''}`)).toEqual([
      'user:first', 'assistant:', 'user:second', 'assistant:', 'user:third', 'assistant:',
    ]);
    // Each answer is the uninterrupted answer to the conversation before it, so the later
    // turns saw the earlier answers.
    for (const { actual, expected } of expectedAnswers(h.board.session(a), { tokens: h.tokens })) expect(actual).toBe(expected);
    expect(h.path(a)).toEqual(['idle', 'queued', 'streaming', 'queued', 'streaming', 'queued', 'streaming', 'idle']);
  });
});

describe('a full queue', () => {
  it('refuses with a typed, clear error and loses nothing already accepted', async () => {
    const h = createHarness({ slots: 1, queueCapacity: 3 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    const accepted = [h.board.send(a, 'one'), h.board.send(b, 'two'), h.board.send(a, 'three')];
    let refusal: unknown;
    try {
      h.board.send(b, 'four');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(QueueFullError);
    expect(refusal).toBeInstanceOf(SwitchboardError);
    expect((refusal as Error).message).toMatch(/The queue is full: 3 messages are waiting for an answer \(capacity 3\)/);
    expect(h.board.outstanding).toBe(3);
    await h.settle();
    expect((await Promise.all(accepted.map((r) => r.result))).map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    // Once answers finish, room frees up again.
    h.board.send(b, 'four');
    await h.settle();
    expect(h.board.session(b).messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['two', 'four']);
  });
});

describe('failures', () => {
  it('fails the turn keeping its partial and error; the next pending message still runs', async () => {
    const h = createHarness({
      slots: 1,
      provider: {
        fault: (attempt) =>
          attempt.index === 0 ? { afterTokens: 5, error: new ProviderError('bad_request', 'The model refused the request.') } : undefined,
      },
    });
    const a = h.board.createSession({ id: 'a' });
    const failing = h.board.send(a, 'one');
    const next = h.board.send(a, 'two');
    await h.settle();
    const failure = await failing.result.then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(TurnFailedError);
    expect((failure as TurnFailedError).kind).toBe('bad_request');
    expect((failure as TurnFailedError).partial.length).toBeGreaterThan(0);
    expect((await next.result).status).toBe('completed');
    const failedAnswer = h.board.session(a).messages[1]!;
    expect(failedAnswer).toMatchObject({ role: 'assistant', status: 'failed', content: (failure as TurnFailedError).partial });
    expect(h.board.stats()).toMatchObject({ failures: 1, completions: 1 });
  });

  it('rests in failed when nothing else waits, and a new message starts over', async () => {
    const h = createHarness({
      provider: { fault: (attempt) => (attempt.index === 0 ? { afterTokens: 0, error: new ProviderError('auth', 'Bad key.') } : undefined) },
    });
    const a = h.board.createSession({ id: 'a' });
    const failing = h.board.send(a, 'one');
    await h.settle();
    await expect(failing.result).rejects.toThrow(/Bad key/);
    expect(h.board.session(a).state).toBe('failed');
    expect(h.board.session(a).error).toEqual({ kind: 'auth', message: 'Bad key.' });
    h.board.send(a, 'again');
    await h.settle();
    expect(h.board.session(a).state).toBe('idle');
    expect(h.board.session(a).error).toBeNull();
  });
});

describe('streams of the answer', () => {
  it('gives the same text through the promise, the observable and the async iterable, even to late subscribers', async () => {
    const h = createHarness({ slots: 1 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    h.board.switchTo(a);
    const reply = h.board.send(b, 'stream me');
    const early: string[] = [];
    reply.text$.subscribe((p) => early.push(p));
    const iterated = (async () => {
      let text = '';
      for await (const piece of reply) text += piece;
      return text;
    })();
    await h.until(() => (h.board.session(b).turn?.partial.length ?? 0) > 15);
    h.board.send(a, 'preempt it');
    const late: string[] = [];
    reply.text$.subscribe((p) => late.push(p));
    await h.settle();
    const { content } = await reply.result;
    expect(early.join('')).toBe(content);
    expect(late.join('')).toBe(content);
    expect(await iterated).toBe(content);
    const after: string[] = [];
    reply.text$.subscribe((p) => after.push(p));
    expect(after.join('')).toBe(content);
  });
});

describe('aging', () => {
  it('serves a background request that waited past agingMs before newer foreground work', async () => {
    const h = createHarness({
      slots: 1,
      policy: createPriorityPolicy({ agingMs: 1000 }),
      provider: { tokens: 40, tokensPerSecond: 40, firstTokenMs: 0 },
    });
    const fg = h.board.createSession({ id: 'fg' });
    const bg = h.board.createSession({ id: 'bg' });
    h.board.switchTo(fg);
    h.board.send(fg, 'f1');
    h.board.send(bg, 'b1');
    // A steady stream of foreground work: each answer takes 1 s, a new one is always waiting.
    h.board.send(fg, 'f2');
    h.board.send(fg, 'f3');
    await h.settle();
    const order = h.transitions.filter((t) => t.to === 'streaming' && t.from === 'queued').map((t) => t.session);
    // Each answer takes 975 ms. f2 and f3 wait behind f1 inside their session and join the
    // scheduler's queue only when the turn before them ends (at 975 and 1950 ms). At 975 ms
    // f2 (foreground, fresh) still outranks b1, which has waited less than agingMs; at
    // 1950 ms b1 has waited longer than agingMs and goes before f3.
    expect(order).toEqual(['fg', 'fg', 'bg', 'fg']);
    expect(h.board.stats().wait.background.p99).toBe(1950);
  });
});

describe('invalid calls', () => {
  it('names the problem', () => {
    const h = createHarness();
    const a = h.board.createSession({ id: 'a' });
    expect(() => h.board.send('zzz', 'hi')).toThrow(/Unknown session "zzz"\. Known sessions: a\./);
    expect(() => h.board.send(a, '   ')).toThrow(/non-empty text/);
    expect(() => h.board.createSession({ id: 'a' })).toThrow(SwitchboardError);
    expect(() => h.board.createSession({ id: 'has space' })).toThrow(/without spaces/);
    expect(() => h.board.switchTo('nope')).toThrow(/Unknown session/);
    expect(() => h.board.cancel('nope')).toThrow(/Unknown session/);
    expect(h.board.outstanding).toBe(0);
  });

  it('rejects bad options before anything starts', async () => {
    const { createSwitchboard } = await import('@switchboard/core');
    const provider = createHarness().observed.provider;
    expect(() => createSwitchboard({ provider, slots: 0 })).toThrow(/"slots" must be a positive integer, got 0/);
    expect(() => createSwitchboard({ provider, queueCapacity: -1 })).toThrow(/queueCapacity/);
    expect(() => createSwitchboard({ provider, slot: 2 } as never)).toThrow(/Unknown option "slot"/);
    expect(() => createSwitchboard({} as never)).toThrow(/"provider" is required/);
    expect(() => createPriorityPolicy({ agingMs: 0 })).toThrow(/agingMs must be a positive/);
  });
});

describe('stop', () => {
  it('ends every outstanding message exactly once, as cancelled', async () => {
    const h = createHarness({ slots: 1 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    const replies = [h.board.send(a, 'one'), h.board.send(a, 'two'), h.board.send(b, 'three')];
    await h.until(() => (h.board.session(a).turn?.partial.length ?? 0) > 0);
    h.board.stop();
    const results = await Promise.all(replies.map((r) => r.result));
    expect(results.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(results[0]!.content.length).toBeGreaterThan(0);
    expect(h.board.outstanding).toBe(0);
    await h.board.whenIdle();
    expect(() => h.board.send(a, 'more')).toThrow(/stopped/);
    expect(h.observed.live).toBe(0);
  });
});

describe('removing a session', () => {
  it('ends its outstanding messages as cancelled, frees its slot and forgets it', async () => {
    const h = createHarness({ slots: 1 });
    const a = h.board.createSession({ id: 'a' });
    const b = h.board.createSession({ id: 'b' });
    h.board.switchTo(a);
    const replies = [h.board.send(a, 'one'), h.board.send(a, 'two')];
    const other = h.board.send(b, 'three');
    await h.until(() => h.board.session(a).state === 'streaming');
    h.board.removeSession(a);
    expect((await Promise.all(replies.map((r) => r.result))).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(h.board.activeSessionId).toBeNull();
    expect(h.board.session(b).state).toBe('streaming');
    expect(() => h.board.session(a)).toThrow(/Unknown session "a"/);
    expect(h.board.sessions().map((s) => s.id)).toEqual(['b']);
    await h.settle();
    expect((await other.result).status).toBe('completed');
  });
});

describe('renaming a session', () => {
  it('changes its name, not its id, and refuses an empty name', () => {
    const h = createHarness();
    const a = h.board.createSession({ id: 'a', name: 'first' });
    h.board.renameSession(a, '  research  ');
    expect(h.board.session(a)).toMatchObject({ id: 'a', name: 'research' });
    expect(() => h.board.renameSession(a, ' ')).toThrow(/non-empty/);
    expect(() => h.board.renameSession('zz', 'x')).toThrow(/Unknown session/);
  });
});
