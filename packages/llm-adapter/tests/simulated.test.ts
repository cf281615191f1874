import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createVirtualClock, sleep } from '@switchboard/core';
import type { Clock, VirtualClock } from '@switchboard/core';
import {
  ProviderError,
  continuationTokens,
  createSimulatedProvider,
  simulatedReply,
  type ChatMessage,
  type Provider,
  type StreamEvent,
} from '../src/index.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const hello: readonly ChatMessage[] = [user('Hello there')];

/** A clock that fails the test if anything reads or sets it. */
const forbiddenClock: Clock = {
  now: () => {
    throw new Error('clock.now() called');
  },
  setTimeout: () => {
    throw new Error('clock.setTimeout() called');
  },
  clearTimeout: () => {
    throw new Error('clock.clearTimeout() called');
  },
  defer: () => {
    throw new Error('clock.defer() called');
  },
};

/** Drains a stream completely; errors propagate. */
async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const deltas = (events: readonly StreamEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));

/** Reads a stream while the virtual clock runs, recording the clock time of every event. */
async function readTimed(
  clock: VirtualClock,
  stream: AsyncIterable<StreamEvent>,
): Promise<{ events: StreamEvent[]; times: number[]; error: unknown }> {
  const events: StreamEvent[] = [];
  const times: number[] = [];
  let error: unknown;
  const reading = (async () => {
    try {
      for await (const event of stream) {
        events.push(event);
        times.push(clock.now());
      }
    } catch (e) {
      error = e;
    }
  })();
  await clock.runAll();
  await reading;
  return { events, times, error };
}

const instant = (extra: Parameters<typeof createSimulatedProvider>[0] = {}) =>
  createSimulatedProvider({ clock: forbiddenClock, tokensPerSecond: Infinity, firstTokenMs: 0, ...extra });

const conversation = fc.array(
  fc.record({
    role: fc.constantFrom('system' as const, 'user' as const, 'assistant' as const),
    content: fc.string({ maxLength: 40 }),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('simulatedReply', () => {
  it('is deterministic in conversation and seed', () => {
    const a = simulatedReply(hello, { tokens: 40, seed: 7 });
    const b = simulatedReply([user('Hello there')], { tokens: 40, seed: 7 });
    expect(b).toEqual(a);
  });

  it('changes with the conversation, the roles, the message boundaries and the seed', () => {
    const base = simulatedReply(hello, { tokens: 40 }).join('');
    expect(simulatedReply([user('Hello there!')], { tokens: 40 }).join('')).not.toBe(base);
    expect(simulatedReply([{ role: 'system', content: 'Hello there' }], { tokens: 40 }).join('')).not.toBe(base);
    expect(simulatedReply(hello, { tokens: 40, seed: 1 }).join('')).not.toBe(base);
    const split1 = simulatedReply([user('ab'), user('c')], { tokens: 40 }).join('');
    const split2 = simulatedReply([user('a'), user('bc')], { tokens: 40 }).join('');
    expect(split1).not.toBe(split2);
    // Seeds differing only above 32 bits still give different replies.
    expect(simulatedReply(hello, { tokens: 40, seed: 2 ** 32 }).join('')).not.toBe(base);
  });

  it('has exactly the requested number of non-empty tokens, for every length from 1 to 120', () => {
    for (let tokens = 1; tokens <= 120; tokens++) {
      const reply = simulatedReply(hello, { tokens, seed: tokens });
      expect(reply).toHaveLength(tokens);
      for (const token of reply) expect(token.length).toBeGreaterThan(0);
    }
  });

  it('reads like sentences of text', () => {
    fc.assert(
      fc.property(conversation, fc.integer(), fc.integer({ min: 1, max: 300 }), (messages, seed, tokens) => {
        const reply = simulatedReply(messages, { seed, tokens });
        const text = reply.join('');
        expect(reply[0]![0]).not.toBe(' ');
        expect(text).toMatch(/^[A-Z]/);
        expect(text.endsWith('.')).toBe(true);
        expect(text).not.toMatch(/ {2}| [.,]|,,|\.\.|,\./);
        // Every sentence after the first starts with a capital after ". ".
        expect(text).not.toMatch(/\. [^A-Z]/);
        // Commas are followed by a word.
        expect(text).not.toMatch(/,[^ ]/);
        // Sentences do not end on a word that needs a continuation.
        expect(text).not.toMatch(/ (the|this|my|in|on|with|and|but|because)\./i);
        if (tokens >= 3) expect(text).toContain(' ');
        // Tokens are single words or single punctuation marks.
        for (const token of reply.slice(1)) expect(token).toMatch(/^( [A-Za-z]+|[.,])$/);
      }),
      { numRuns: 300 },
    );
  });

  it('varies sentence length', () => {
    const text = simulatedReply(hello, { tokens: 400 }).join('');
    const lengths = new Set(text.split('. ').map((s) => s.split(' ').length));
    expect(lengths.size).toBeGreaterThan(4);
  });

  it('rejects invalid options with a clear error', () => {
    expect(() => simulatedReply(hello, { tokens: -3 })).toThrow(
      new RangeError('tokens must be a positive integer, got -3'),
    );
    expect(() => simulatedReply(hello, { tokens: 0 })).toThrow(RangeError);
    expect(() => simulatedReply(hello, { tokens: 2.5 })).toThrow(/tokens must be a positive integer, got 2\.5/);
    expect(() => simulatedReply(hello, { tokens: 3, seed: 0.5 })).toThrow(/seed must be a safe integer, got 0\.5/);
    expect(() => continuationTokens(hello, 'x', { tokens: NaN })).toThrow(/tokens must be a positive integer, got NaN/);
  });
});

describe('continuationTokens', () => {
  it('splits on the original token boundaries, finishing a cut token first', () => {
    fc.assert(
      fc.property(
        conversation,
        fc.integer(),
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (messages, seed, tokens, at) => {
          const reply = simulatedReply(messages, { seed, tokens });
          const text = reply.join('');
          const k = Math.min(text.length, Math.floor(at * (text.length + 1)));
          // Where the cut falls: token j, `into` characters inside it.
          let j = 0;
          let start = 0;
          while (j < reply.length && start + reply[j]!.length <= k) start += reply[j++]!.length;
          const into = k - start;
          const expected = into === 0 ? reply.slice(j) : [reply[j]!.slice(into), ...reply.slice(j + 1)];
          expect(continuationTokens(messages, text.slice(0, k), { seed, tokens })).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns nothing after the whole reply and the whole reply after an empty prefix', () => {
    const reply = simulatedReply(hello, { tokens: 20 });
    expect(continuationTokens(hello, reply.join(''), { tokens: 20 })).toEqual([]);
    expect(continuationTokens(hello, '', { tokens: 20 })).toEqual(reply);
  });

  it('continues a foreign prefix deterministically, depending on the prefix', () => {
    const a = continuationTokens(hello, 'Something else entirely', { tokens: 25 });
    expect(continuationTokens([user('Hello there')], 'Something else entirely', { tokens: 25 })).toEqual(a);
    expect(a).toHaveLength(25);
    expect(a).not.toEqual(simulatedReply(hello, { tokens: 25 }));
    expect(continuationTokens(hello, 'Something else entirely!', { tokens: 25 })).not.toEqual(a);
    expect(continuationTokens(hello, 'Something else entirely', { tokens: 25, seed: 3 })).not.toEqual(a);
    // Mid-sentence: joined with a space and carried on in lowercase.
    expect(a[0]).toMatch(/^ [a-z]/);
    expect(a.join('').endsWith('.')).toBe(true);
  });

  it('starts a new sentence after a foreign prefix that ends one, and adds no space after whitespace', () => {
    expect(continuationTokens(hello, 'Done.', { tokens: 10 })[0]).toMatch(/^ [A-Z]/);
    expect(continuationTokens(hello, 'Done. ', { tokens: 10 })[0]).toMatch(/^[A-Z]/);
    expect(continuationTokens(hello, 'not done ', { tokens: 10 })[0]).toMatch(/^[a-z]/);
  });

  it('treats a prefix that runs past the reply as foreign', () => {
    const text = simulatedReply(hello, { tokens: 10 }).join('');
    const rest = continuationTokens(hello, text + ' More', { tokens: 10 });
    expect(rest).toHaveLength(10);
    expect(rest[0]).toMatch(/^ [a-z]/);
  });
});

describe('createSimulatedProvider', () => {
  it('names itself and its model after its settings', () => {
    const provider: Provider = createSimulatedProvider({ tokens: 12, seed: 5, clock: forbiddenClock });
    expect(provider.name).toBe('simulated');
    expect(provider.model).toBe('simulated-12t-seed5');
    expect(createSimulatedProvider({ clock: forbiddenClock }).model).toBe('simulated-48t-seed0');
  });

  it('streams the reply token by token, then finishes with usage', async () => {
    const provider = instant({ tokens: 30, seed: 4 });
    const messages = [user('abcde'), { role: 'assistant' as const, content: 'fghijk' }];
    const events = await collect(provider.stream({ messages, signal: new AbortController().signal }));
    expect(deltas(events)).toEqual(simulatedReply(messages, { tokens: 30, seed: 4 }));
    expect(events).toHaveLength(31);
    // 11 characters / 4, rounded up.
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 30 } });
  });

  it('defaults to 48 tokens', async () => {
    const events = await collect(instant().stream({ messages: hello, signal: new AbortController().signal }));
    expect(deltas(events)).toHaveLength(48);
  });

  it('resumes from any cut point: prefix + deltas is the uninterrupted reply, nothing repeated', async () => {
    await fc.assert(
      fc.asyncProperty(
        conversation,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (messages, seed, tokens, at) => {
          const provider = instant({ seed, tokens });
          const signal = new AbortController().signal;
          const full = deltas(await collect(provider.stream({ messages, signal }))).join('');
          const k = Math.min(full.length, Math.floor(at * (full.length + 1)));
          const prefix = full.slice(0, k);
          const events = await collect(provider.stream({ messages, prefix, signal }));
          const rest = deltas(events);
          expect(prefix + rest.join('')).toBe(full);
          expect(rest.join('').length).toBe(full.length - k);
          for (const text of rest) expect(text.length).toBeGreaterThan(0);
          const finish = events.at(-1);
          expect(finish?.type).toBe('finish');
          expect(finish?.type === 'finish' && finish.usage?.completionTokens).toBe(rest.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('continues a foreign prefix with the deterministic continuation', async () => {
    const provider = instant({ tokens: 15 });
    const signal = new AbortController().signal;
    const first = deltas(await collect(provider.stream({ messages: hello, prefix: 'Not the reply', signal })));
    const second = deltas(await collect(provider.stream({ messages: hello, prefix: 'Not the reply', signal })));
    expect(first).toEqual(continuationTokens(hello, 'Not the reply', { tokens: 15 }));
    expect(second).toEqual(first);
  });

  describe('timing on a virtual clock', () => {
    it('delivers the first token after firstTokenMs, then one every 1000/rate ms', async () => {
      const clock = createVirtualClock(1000);
      const provider = createSimulatedProvider({ clock, tokens: 6, tokensPerSecond: 40, firstTokenMs: 250 });
      const { events, times, error } = await readTimed(clock, provider.stream({ messages: hello, signal: new AbortController().signal }));
      expect(error).toBeUndefined();
      expect(deltas(events)).toHaveLength(6);
      // Six deltas and the finish, which follows the last token at once.
      expect(times).toEqual([1250, 1275, 1300, 1325, 1350, 1375, 1375]);
    });

    it('applies firstTokenMs again when resuming', async () => {
      const clock = createVirtualClock();
      const provider = createSimulatedProvider({ clock, tokens: 6, tokensPerSecond: 10, firstTokenMs: 300 });
      const prefix = simulatedReply(hello, { tokens: 6 }).slice(0, 3).join('');
      const { times } = await readTimed(clock, provider.stream({ messages: hello, prefix, signal: new AbortController().signal }));
      expect(times).toEqual([300, 400, 500, 500]);
    });

    it('streams without a first-token wait when firstTokenMs is 0', async () => {
      const clock = createVirtualClock();
      const provider = createSimulatedProvider({ clock, tokens: 3, tokensPerSecond: 4, firstTokenMs: 0 });
      const { times } = await readTimed(clock, provider.stream({ messages: hello, signal: new AbortController().signal }));
      expect(times).toEqual([0, 250, 500, 500]);
    });

    it('only waits for the first token when the rate is Infinity', async () => {
      const clock = createVirtualClock();
      const provider = createSimulatedProvider({ clock, tokens: 4, tokensPerSecond: Infinity, firstTokenMs: 120 });
      const { times } = await readTimed(clock, provider.stream({ messages: hello, signal: new AbortController().signal }));
      expect(times).toEqual([120, 120, 120, 120, 120]);
    });

    it('keeps to absolute due times: a slow consumer catches up instead of delaying later tokens', async () => {
      const clock = createVirtualClock();
      const provider = createSimulatedProvider({ clock, tokens: 7, tokensPerSecond: 40, firstTokenMs: 250 });
      const times: number[] = [];
      const reading = (async () => {
        for await (const event of provider.stream({ messages: hello, signal: new AbortController().signal })) {
          if (event.type !== 'delta') continue;
          times.push(clock.now());
          // The consumer stalls 100 ms after the first token (tokens 1-4 fall due meanwhile).
          if (times.length === 1) await sleep(clock, 100);
        }
      })();
      await clock.runAll();
      await reading;
      expect(times).toEqual([250, 350, 350, 350, 350, 375, 400]);
    });

    it('never touches the clock in zero-latency mode', async () => {
      const events = await collect(instant({ tokens: 100 }).stream({ messages: hello, signal: new AbortController().signal }));
      expect(deltas(events)).toHaveLength(100);
    });
  });

  describe('abort', () => {
    it('rejects at once with the reason when aborted before the stream starts, and sets no timer', async () => {
      const clock = createVirtualClock();
      const provider = createSimulatedProvider({ clock, tokens: 5 });
      const controller = new AbortController();
      const reason = new Error('cancelled');
      controller.abort(reason);
      const iterator = provider.stream({ messages: hello, signal: controller.signal })[Symbol.asyncIterator]();
      await expect(iterator.next()).rejects.toBe(reason);
      expect(clock.pendingTimers).toBe(0);
    });

    it('stops during a wait: no more deltas, the reason is thrown, the timer is cleared', async () => {
      const clock = createVirtualClock();
      const provider = createSimulatedProvider({ clock, tokens: 10, tokensPerSecond: 10, firstTokenMs: 100 });
      const controller = new AbortController();
      const seen: string[] = [];
      let error: unknown;
      const reading = (async () => {
        try {
          for await (const event of provider.stream({ messages: hello, signal: controller.signal })) {
            if (event.type === 'delta') seen.push(event.text);
          }
        } catch (e) {
          error = e;
        }
      })();
      await clock.advance(250); // tokens at 100 and 200 delivered; the next is due at 300
      expect(seen).toHaveLength(2);
      expect(clock.pendingTimers).toBe(1);
      const reason = new DOMException('preempted', 'AbortError');
      controller.abort(reason);
      await reading;
      expect(error).toBe(reason);
      expect(seen).toEqual(simulatedReply(hello, { tokens: 10 }).slice(0, 2));
      expect(clock.pendingTimers).toBe(0);
      await clock.runAll();
      expect(seen).toHaveLength(2);
    });

    it('stops between tokens when aborted by the consumer in zero-latency mode', async () => {
      const provider = instant({ tokens: 50 });
      const controller = new AbortController();
      const seen: string[] = [];
      const reading = (async () => {
        for await (const event of provider.stream({ messages: hello, signal: controller.signal })) {
          if (event.type === 'delta') seen.push(event.text);
          if (seen.length === 3) controller.abort();
        }
      })();
      await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
      expect(seen).toHaveLength(3);
    });

    it('does not finish when aborted right after the last token', async () => {
      const provider = instant({ tokens: 4 });
      const controller = new AbortController();
      const events: StreamEvent[] = [];
      const reason = new Error('late cancel');
      const reading = (async () => {
        for await (const event of provider.stream({ messages: hello, signal: controller.signal })) {
          events.push(event);
          if (events.length === 4) controller.abort(reason);
        }
      })();
      await expect(reading).rejects.toBe(reason);
      expect(events.every((e) => e.type === 'delta')).toBe(true);
    });
  });

  describe('fault injection', () => {
    it('fails before the first token when afterTokens is 0, and only on the chosen attempt', async () => {
      const error = new ProviderError('rate_limit', 'Slow down', { retryAfterMs: 1000 });
      const provider = instant({ tokens: 8, fault: ({ index }) => (index === 0 ? { afterTokens: 0, error } : undefined) });
      const signal = new AbortController().signal;
      const events: StreamEvent[] = [];
      await expect(
        (async () => {
          for await (const event of provider.stream({ messages: hello, signal })) events.push(event);
        })(),
      ).rejects.toBe(error);
      expect(events).toEqual([]);
      const retry = await collect(provider.stream({ messages: hello, signal }));
      expect(deltas(retry)).toHaveLength(8);
      expect(provider.calls).toBe(2);
    });

    it('streams exactly afterTokens tokens of the reply, then throws the given error', async () => {
      for (const k of [1, 5, 11]) {
        const error = new ProviderError('network', `dropped after ${k}`);
        const provider = instant({ tokens: 12, fault: () => ({ afterTokens: k, error }) });
        const events: StreamEvent[] = [];
        let thrown: unknown;
        try {
          for await (const event of provider.stream({ messages: hello, signal: new AbortController().signal })) events.push(event);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBe(error);
        expect(events.map((e) => e.type)).toEqual(Array(k).fill('delta'));
        expect(deltas(events)).toEqual(simulatedReply(hello, { tokens: 12 }).slice(0, k));
      }
    });

    it('counts afterTokens within the call and replaces the finish when it exceeds the tokens left', async () => {
      const error = new ProviderError('server', 'boom');
      const reply = simulatedReply(hello, { tokens: 10 });
      const prefix = reply.slice(0, 6).join('');
      const provider = instant({ tokens: 10, fault: ({ prefix: p }) => ({ afterTokens: p === '' ? 99 : 2, error }) });
      const signal = new AbortController().signal;
      const resumed: StreamEvent[] = [];
      await expect(
        (async () => {
          for await (const event of provider.stream({ messages: hello, prefix, signal })) resumed.push(event);
        })(),
      ).rejects.toBe(error);
      expect(deltas(resumed)).toEqual(reply.slice(6, 8));
      const whole: StreamEvent[] = [];
      await expect(
        (async () => {
          for await (const event of provider.stream({ messages: hello, signal })) whole.push(event);
        })(),
      ).rejects.toBe(error);
      expect(deltas(whole)).toEqual(reply);
      expect(whole.some((e) => e.type === 'finish')).toBe(false);
    });

    it('tells the hook the attempt index, messages and prefix', async () => {
      const attempts: Array<{ index: number; messages: readonly ChatMessage[]; prefix: string }> = [];
      const provider = instant({
        tokens: 3,
        fault: (attempt) => {
          attempts.push({ ...attempt });
          return undefined;
        },
      });
      const signal = new AbortController().signal;
      await collect(provider.stream({ messages: hello, signal }));
      // A call counts when made, even before it is iterated.
      const pending = provider.stream({ messages: hello, prefix: 'Abc', signal });
      await collect(provider.stream({ messages: [user('x')], signal }));
      await collect(pending);
      expect(provider.calls).toBe(3);
      expect(attempts).toEqual([
        { index: 0, messages: hello, prefix: '' },
        { index: 2, messages: [user('x')], prefix: '' },
        { index: 1, messages: hello, prefix: 'Abc' },
      ]);
    });

    it('throws on a fault with an invalid afterTokens', async () => {
      const provider = instant({ fault: () => ({ afterTokens: -1, error: new ProviderError('server', 'x') }) });
      await expect(collect(provider.stream({ messages: hello, signal: new AbortController().signal }))).rejects.toThrow(
        /afterTokens -1; it must be an integer >= 0/,
      );
    });

    it('waits for the due times of the tokens it lets through, then fails at once', async () => {
      const clock = createVirtualClock();
      const error = new ProviderError('timeout', 'stalled');
      const provider = createSimulatedProvider({ clock, tokens: 10, tokensPerSecond: 20, firstTokenMs: 100, fault: () => ({ afterTokens: 3, error }) });
      const result = await readTimed(clock, provider.stream({ messages: hello, signal: new AbortController().signal }));
      expect(result.times).toEqual([100, 150, 200]);
      expect(result.error).toBe(error);
      expect(clock.now()).toBe(200);
    });
  });

  describe('option validation', () => {
    const cases: Array<[string, Parameters<typeof createSimulatedProvider>[0], RegExp]> = [
      ['negative tokens', { tokens: -3 }, /^tokens must be a positive integer, got -3$/],
      ['zero tokens', { tokens: 0 }, /^tokens must be a positive integer, got 0$/],
      ['fractional tokens', { tokens: 1.5 }, /^tokens must be a positive integer, got 1\.5$/],
      ['string tokens', { tokens: '5' as unknown as number }, /^tokens must be a positive integer, got "5"$/],
      ['zero rate', { tokensPerSecond: 0 }, /^tokensPerSecond must be a number > 0 \(Infinity for no delay\), got 0$/],
      ['NaN rate', { tokensPerSecond: NaN }, /^tokensPerSecond must be a number > 0 .*got NaN$/],
      ['negative first-token time', { firstTokenMs: -1 }, /^firstTokenMs must be a finite number >= 0, got -1$/],
      ['infinite first-token time', { firstTokenMs: Infinity }, /^firstTokenMs must be a finite number >= 0, got Infinity$/],
      ['fractional seed', { seed: 0.5 }, /^seed must be a safe integer, got 0\.5$/],
    ];
    it.each(cases)('rejects %s with a RangeError naming the option', (_name, options, message) => {
      let thrown: unknown;
      try {
        createSimulatedProvider(options);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(RangeError);
      expect((thrown as Error).message).toMatch(message);
    });

    it('rejects a non-function fault and a clock without timers with a TypeError', () => {
      expect(() => createSimulatedProvider({ fault: 42 as never })).toThrow(new TypeError('fault must be a function or undefined, got 42'));
      expect(() => createSimulatedProvider({ clock: { now: () => 0 } as never })).toThrow(TypeError);
    });

    it('accepts the edge values', () => {
      expect(() => createSimulatedProvider({ tokens: 1, tokensPerSecond: Infinity, firstTokenMs: 0, seed: -5 })).not.toThrow();
    });
  });
});
