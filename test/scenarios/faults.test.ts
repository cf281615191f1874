import { ProviderError, createSwitchboard, createVirtualClock, type Provider, type StreamEvent } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/createHarness.js';

const network = () => new ProviderError('network', 'The connection dropped mid-stream.');
const fullReply = (text: string, tokens = 20) => simulatedReply([{ role: 'user', content: text }], { tokens, seed: 0 }).join('');

describe('transient faults are involuntary preemptions', () => {
  it('suspends the turn with its partial, re-queues it and resumes from the partial', async () => {
    const h = createHarness({
      slots: 1,
      backoff: { baseMs: 100, jitter: 0 },
      provider: { fault: ({ index }) => (index === 0 ? { afterTokens: 5, error: network() } : undefined) },
    });
    const a = h.board.createSession({ id: 'a' });
    const reply = h.board.send(a, 'hello there');
    await h.settle();
    const answer = await reply.result;
    expect(answer.content).toBe(fullReply('hello there'));
    expect(h.path(a)).toEqual(['idle', 'queued', 'streaming', 'suspended', 'resuming', 'streaming', 'idle']);
    expect(h.observed.requests.map((r) => r.prefix.length > 0)).toEqual([false, true]);
    expect(fullReply('hello there').startsWith(h.observed.requests[1]!.prefix)).toBe(true);
    expect(h.board.stats()).toMatchObject({ retries: 1, preemptions: 0, resumes: 1, completions: 1, failures: 0 });
  });

  it('waits at least what Retry-After asked before trying again', async () => {
    const clock = createVirtualClock();
    const starts: number[] = [];
    const simulated = createSimulatedProvider({
      clock,
      tokens: 10,
      firstTokenMs: 0,
      fault: ({ index }) =>
        index === 0 ? { afterTokens: 0, error: new ProviderError('rate_limit', 'Slow down.', { retryAfterMs: 2000 }) } : undefined,
    });
    const provider: Provider = { name: 'timed', stream: (request) => (starts.push(clock.now()), simulated.stream(request)) };
    const board = createSwitchboard({ provider, clock, backoff: { baseMs: 10, jitter: 0 } });
    const a = board.createSession({ id: 'a' });
    const reply = board.send(a, 'hi');
    await clock.runUntil(() => board.isIdle());
    expect((await reply.result).status).toBe('completed');
    expect(starts).toEqual([0, 2000]);
  });

  it('fails after maxRetries with the partial kept and a clear error', async () => {
    const h = createHarness({
      maxRetries: 2,
      backoff: { baseMs: 1, jitter: 0 },
      provider: { fault: () => ({ afterTokens: 3, error: network() }) },
    });
    const a = h.board.createSession({ id: 'a' });
    const reply = h.board.send(a, 'hello there');
    await h.settle();
    const error = await reply.result.then(() => null, (e: Error & { partial: string }) => e);
    expect(error?.message).toMatch(/The connection dropped mid-stream; gave up after 2 retries\./);
    // Three attempts of three tokens each: the partial grew on every attempt and was never repeated.
    const tokens = simulatedReply([{ role: 'user', content: 'hello there' }], { tokens: 20, seed: 0 });
    expect(error?.partial).toBe(tokens.slice(0, 9).join(''));
    expect(h.board.session(a)).toMatchObject({ state: 'failed', error: { kind: 'network' } });
    expect(h.board.stats()).toMatchObject({ retries: 2, failures: 1 });
  });

  it('treats a stream that goes silent for stallTimeoutMs as a fault and recovers', async () => {
    const clock = createVirtualClock();
    const simulated = createSimulatedProvider({ clock, tokens: 12, firstTokenMs: 0, tokensPerSecond: 100 });
    let calls = 0;
    const provider: Provider = {
      name: 'stalling',
      async *stream(request) {
        const first = calls++ === 0;
        let n = 0;
        for await (const event of simulated.stream(request)) {
          if (first && n++ === 4) await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
          yield event;
        }
      },
    };
    const board = createSwitchboard({ provider, clock, stallTimeoutMs: 1000, backoff: { baseMs: 1, jitter: 0 } });
    const a = board.createSession({ id: 'a' });
    const reply = board.send(a, 'hi');
    await clock.runUntil(() => board.isIdle());
    expect((await reply.result).content).toBe(fullReply('hi', 12));
    expect(board.stats().retries).toBe(1);
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
  });
});

describe('the restart strategy', () => {
  it('discards the partial, says so, and ends with the full answer', async () => {
    const clock = createVirtualClock();
    const simulated = createSimulatedProvider({ clock, tokens: 20, firstTokenMs: 10, tokensPerSecond: 50 });
    const provider: Provider = {
      name: 'restarting',
      async *stream({ messages, prefix, signal }) {
        if (prefix) yield { type: 'restart' } satisfies StreamEvent;
        yield* simulated.stream({ messages, signal });
      },
    };
    const board = createSwitchboard({ provider, clock, slots: 1 });
    const fg = board.createSession({ id: 'fg' });
    const bg = board.createSession({ id: 'bg' });
    board.switchTo(fg);
    const reply = board.send(bg, 'background work');
    const events: string[] = [];
    reply.events$.subscribe((e) => events.push(e.type));
    await clock.runUntil(() => (board.session(bg).turn?.partial.length ?? 0) > 10);
    board.send(fg, 'now');
    await clock.runUntil(() => board.isIdle());
    const answer = await reply.result;
    expect(answer.content).toBe(fullReply('background work'));
    expect(events).toContain('replaced');
    expect(events.indexOf('replaced')).toBeGreaterThan(events.indexOf('text'));
  });
});

describe('tool calls', () => {
  it('keeps a tool call whole across a preemption: the unfinished one is dropped and regenerated', async () => {
    const clock = createVirtualClock();
    const simulated = createSimulatedProvider({ clock, tokens: 6, firstTokenMs: 10, tokensPerSecond: 50 });
    const args = JSON.stringify({ query: 'weather in Lisbon', units: 'metric' });
    const provider: Provider = {
      name: 'tools',
      async *stream(request) {
        for await (const event of simulated.stream(request)) {
          if (event.type !== 'finish') {
            yield event;
            continue;
          }
          for (let i = 0; i < args.length; i += 8) {
            await new Promise<void>((resolve) => clock.setTimeout(resolve, 20));
            if (request.signal.aborted) throw request.signal.reason;
            yield { type: 'tool_call', index: 0, ...(i === 0 ? { id: 'call_1', name: 'lookup' } : {}), arguments: args.slice(i, i + 8) };
          }
          yield { type: 'finish', reason: 'tool_calls' };
        }
      },
    };
    const board = createSwitchboard({ provider, clock, slots: 1 });
    const fg = board.createSession({ id: 'fg' });
    const bg = board.createSession({ id: 'bg' });
    board.switchTo(fg);
    const reply = board.send(bg, 'what is the weather');
    await clock.runUntil(() => (board.session(bg).turn?.toolCalls[0]?.arguments.length ?? 0) >= 16);
    board.send(fg, 'interrupt');
    expect(board.session(bg).turn!.toolCalls).toEqual([]);
    await clock.runUntil(() => board.isIdle());
    const answer = await reply.result;
    expect(answer.toolCalls).toEqual([{ id: 'call_1', name: 'lookup', arguments: args }]);
    expect(JSON.parse(answer.toolCalls![0]!.arguments)).toEqual({ query: 'weather in Lisbon', units: 'metric' });
    expect(answer.content).toBe(simulatedReply([{ role: 'user', content: 'what is the weather' }], { tokens: 6, seed: 0 }).join(''));
  });
});
