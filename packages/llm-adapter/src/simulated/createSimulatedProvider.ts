import { sleep, systemClock } from '@switchboard/core';
import type { ChatMessage, Clock, Provider, ProviderError, StreamEvent, StreamRequest } from '@switchboard/core';
import { continuationTokens, simulatedReply } from './replyText.js';

/**
 * Settings of {@link createSimulatedProvider}.
 *
 * @example
 * ```ts
 * // Instant replies for a benchmark: no delays, the clock is never read.
 * const options: SimulatedProviderOptions = { tokens: 200, tokensPerSecond: Infinity, firstTokenMs: 0 };
 * ```
 */
export interface SimulatedProviderOptions {
  /** Where delays are measured and waited; default `systemClock`. */
  clock?: Clock;
  /** Varies every reply; a safe integer, default 0. */
  seed?: number;
  /** Reply length in tokens; a positive integer, default 48. */
  tokens?: number;
  /** Streaming rate; default 40. `Infinity` streams without delays between tokens. */
  tokensPerSecond?: number;
  /** Time to first token, also paid on every resume; default 250. 0 = none. */
  firstTokenMs?: number;
  /** Fault injection: called once per `stream()` call; a returned fault makes that call fail. */
  fault?: (attempt: SimulatedAttempt) => SimulatedFault | undefined;
}

/**
 * What a {@link SimulatedProviderOptions.fault} hook is told about one `stream()` call.
 *
 * @example
 * ```ts
 * // Fail only resumed attempts, to exercise a retry path that passes a prefix.
 * const fault = (attempt: SimulatedAttempt) =>
 *   attempt.prefix !== '' ? { afterTokens: 1, error: new ProviderError('network', 'Reset') } : undefined;
 * ```
 */
export interface SimulatedAttempt {
  /** 0-based count of `stream()` calls on this provider. */
  readonly index: number;
  readonly messages: readonly ChatMessage[];
  /** The request's prefix, `''` for a fresh answer. */
  readonly prefix: string;
}

/**
 * A failure to inject: the call streams `afterTokens` tokens (0 = none) and
 * then throws `error`. If the call has no more than `afterTokens` tokens to
 * stream, all of them arrive and `error` replaces the finish event. The error
 * comes right after the last token it lets through (or at once, for 0), without
 * waiting for the next token's due time.
 *
 * @example
 * ```ts
 * // The first attempt is rate-limited before any token; later ones succeed.
 * const provider = createSimulatedProvider({
 *   fault: ({ index }): SimulatedFault | undefined =>
 *     index === 0 ? { afterTokens: 0, error: new ProviderError('rate_limit', 'Slow down', { retryAfterMs: 1000 }) } : undefined,
 * });
 * ```
 */
export type SimulatedFault = { readonly afterTokens: number; readonly error: ProviderError };

const describe = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'bigint' ? String(value) : typeof value;

interface Settings {
  readonly clock: Clock;
  readonly seed: number;
  readonly tokens: number;
  readonly tokensPerSecond: number;
  readonly firstTokenMs: number;
  readonly fault: SimulatedProviderOptions['fault'];
}

function settle(options: SimulatedProviderOptions): Settings {
  const { clock = systemClock, seed = 0, tokens = 48, tokensPerSecond = 40, firstTokenMs = 250, fault } = options;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 1) {
    throw new RangeError(`tokens must be a positive integer, got ${describe(tokens)}`);
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${describe(seed)}`);
  }
  if (typeof tokensPerSecond !== 'number' || !(tokensPerSecond > 0)) {
    throw new RangeError(`tokensPerSecond must be a number > 0 (Infinity for no delay), got ${describe(tokensPerSecond)}`);
  }
  if (typeof firstTokenMs !== 'number' || !Number.isFinite(firstTokenMs) || firstTokenMs < 0) {
    throw new RangeError(`firstTokenMs must be a finite number >= 0, got ${describe(firstTokenMs)}`);
  }
  if (
    typeof clock !== 'object' ||
    clock === null ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  ) {
    throw new TypeError('clock must be a Clock with now(), setTimeout() and clearTimeout()');
  }
  if (fault !== undefined && typeof fault !== 'function') {
    throw new TypeError(`fault must be a function or undefined, got ${describe(fault)}`);
  }
  return { clock, seed, tokens, tokensPerSecond, firstTokenMs, fault };
}

function checkFault(fault: SimulatedFault, index: number): SimulatedFault {
  const { afterTokens } = fault;
  if (!Number.isInteger(afterTokens) || afterTokens < 0) {
    throw new RangeError(
      `fault(attempt ${index}) returned afterTokens ${describe(afterTokens)}; it must be an integer >= 0`,
    );
  }
  return fault;
}

function promptTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const message of messages) chars += message.content.length;
  return Math.ceil(chars / 4);
}

async function* run(settings: Settings, index: number, request: StreamRequest): AsyncGenerator<StreamEvent, void, undefined> {
  const { messages, signal } = request;
  const prefix = request.prefix ?? '';
  if (signal.aborted) throw signal.reason;

  const injected = settings.fault?.({ index, messages, prefix });
  const fault = injected === undefined ? undefined : checkFault(injected, index);
  const replyOptions = { seed: settings.seed, tokens: settings.tokens };
  const pieces = prefix === '' ? simulatedReply(messages, replyOptions) : continuationTokens(messages, prefix, replyOptions);
  const count = fault === undefined ? pieces.length : Math.min(fault.afterTokens, pieces.length);

  const { clock, tokensPerSecond, firstTokenMs } = settings;
  if (tokensPerSecond === Infinity && firstTokenMs === 0) {
    // Zero-latency mode for benchmarks: keep the loop free of clock calls.
    for (let i = 0; i < count; i++) {
      if (signal.aborted) throw signal.reason;
      yield { type: 'delta', text: pieces[i]! };
    }
  } else {
    // Absolute due times: a consumer or clock that lags catches up at once
    // instead of pushing every later token back.
    const start = clock.now() + firstTokenMs;
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / tokensPerSecond;
      const wait = due - clock.now();
      if (wait > 0) await sleep(clock, wait, signal);
      if (signal.aborted) throw signal.reason;
      yield { type: 'delta', text: pieces[i]! };
    }
  }

  if (fault !== undefined) throw fault.error;
  if (signal.aborted) throw signal.reason;
  yield { type: 'finish', reason: 'stop', usage: { promptTokens: promptTokens(messages), completionTokens: count } };
}

/**
 * The deterministic offline provider, the product's embedded default: it
 * answers every conversation with English-ish prose that depends only on the
 * conversation, the seed and the length, streamed token by token at a steady
 * rate on the given clock. Resuming with a `prefix` continues the same reply,
 * so `prefix + deltas` always equals what an uninterrupted run streams.
 *
 * Each event stream yields one `delta` per token, then a `finish` with usage
 * (prompt tokens ≈ characters / 4). An aborted `signal` makes the stream throw
 * `signal.reason` promptly, including during a wait.
 *
 * @throws RangeError or TypeError naming the option when an option is invalid.
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const provider = createSimulatedProvider({ clock, tokens: 8, tokensPerSecond: 20 });
 * const signal = new AbortController().signal;
 * const reading = (async () => {
 *   let text = '';
 *   for await (const event of provider.stream({ messages: [{ role: 'user', content: 'Hi' }], signal })) {
 *     if (event.type === 'delta') text += event.text;
 *   }
 *   return text;
 * })();
 * await clock.runAll(); // 250 ms to the first token, then one every 50 ms
 * await reading;        // e.g. "Their quiet engine crossed the bridge again."
 * ```
 */
export function createSimulatedProvider(options: SimulatedProviderOptions = {}): Provider & { readonly calls: number } {
  const settings = settle(options);
  let calls = 0;
  return {
    name: 'simulated',
    model: `simulated-${settings.tokens}t-seed${settings.seed}`,
    get calls() {
      return calls;
    },
    // A plain method rather than an async generator, so that a call counts
    // (and gets its attempt index) when it is made, not when first iterated.
    stream(request: StreamRequest): AsyncIterable<StreamEvent> {
      return run(settings, calls++, request);
    },
  };
}
