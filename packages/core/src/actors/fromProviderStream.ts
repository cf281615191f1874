import { fromCallback } from 'xstate';
import { sleep } from '../clock/sleep.js';
import type { Clock } from '../clock/types.js';
import { ProviderError, toProviderError } from '../provider/ProviderError.js';
import type { ChatMessage, Provider } from '../provider/types.js';
import { backoffDelay, type BackoffOptions } from '../retry/backoffDelay.js';
import type { StreamReport } from '../session/events.js';
import { createStallWatch, type WatchedStream } from './createStallWatch.js';

/** One shared reason: building a DOMException per interrupt costs more than the rest of the abort. */
const INTERRUPTED = new DOMException('The turn was interrupted.', 'AbortError');

/** What a session hands its stream actor. */
export interface StreamInput {
  readonly attempt: number;
  readonly messages: readonly ChatMessage[];
  /** The partial answer to continue from ('' for a fresh answer). */
  readonly prefix: string;
  /** Transient faults this turn has had so far: a retry waits out a backoff first. */
  readonly faults?: number;
  /** What the server asked for with `Retry-After` on the last fault. */
  readonly retryAfterMs?: number;
}

export interface StreamOptions {
  /** A stream silent for this long is abandoned as a transient `timeout` fault. Default 30 000 ms; 0 disables. */
  readonly stallTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Source of jitter; inject a seeded one for reproducible runs. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Stream actor logic: runs one provider stream and reports it to its parent session as
 * `STREAM.DELTA`, `STREAM.TOOL_CALL`, `STREAM.RESTART`, `STREAM.DONE` or `STREAM.ERROR`,
 * each tagged with the attempt number.
 *
 * - Deltas that arrive in one burst are coalesced into one event (flushed on the clock's
 *   `defer`), so a session pays one actor event per network read, not per token. The first
 *   delta of an attempt is sent at once so the time to first token is exact.
 * - A retry after a transient fault first waits out an exponential backoff with jitter
 *   (at least the server's `Retry-After`), holding its slot: the wait is part of the turn.
 * - A stream silent for `stallTimeoutMs` (caught within 1.5 × that) is aborted and reported
 *   as a `timeout` fault; one shared watch serves every stream, a chunk costs a counter bump.
 * - Stopping the actor aborts the provider's request; nothing is sent after that.
 *
 * @example
 * ```ts
 * const machine = sessionMachine.provide({ actors: { streamReply: fromProviderStream(provider, systemClock) } });
 * ```
 */
export function fromProviderStream(provider: Provider, clock: Clock, options: StreamOptions = {}) {
  const { stallTimeoutMs = 30_000, backoff = {}, random = Math.random } = options;
  const shared: Shared = {
    provider,
    clock,
    backoff,
    random,
    watch: stallTimeoutMs > 0 ? createStallWatch(clock, stallTimeoutMs) : null,
  };
  return fromCallback<{ type: 'never' }, StreamInput>(({ input, sendBack }) => {
    const run = new StreamRun(shared, input, sendBack);
    void run.run();
    return () => run.stop();
  });
}

/** What every stream of one switchboard shares. */
interface Shared {
  readonly provider: Provider;
  readonly clock: Clock;
  readonly backoff: BackoffOptions;
  readonly random: () => number;
  readonly watch: ReturnType<typeof createStallWatch> | null;
}

/**
 * One provider stream. A class rather than a set of closures: a stream starts on every
 * grant, which is the preemption path, and one object with prototype methods is cheaper to
 * make than several function objects (each of which the dev-time transform also names).
 */
class StreamRun implements WatchedStream {
  activity = 0;
  private readonly controller = new AbortController();
  private readonly attempt: number;
  private stopped = false;
  private stalled = false;
  /** `stopped || stalled`, in one flag: the stream loop reads it on every chunk. */
  private halted = false;
  private buffered = '';
  private pieces = 0;
  private flushScheduled = false;
  private sentAny = false;

  constructor(
    private readonly shared: Shared,
    private readonly input: StreamInput,
    private readonly sendBack: (event: StreamReport) => void,
  ) {
    this.attempt = input.attempt;
  }

  onStall(silentMs: number): void {
    this.stalled = true;
    this.halted = true;
    this.controller.abort(new ProviderError('timeout', `The provider sent nothing for ${Math.round(silentMs)} ms.`));
  }

  stop(): void {
    this.stopped = true;
    this.halted = true;
    this.shared.watch?.remove(this);
    this.controller.abort(INTERRUPTED);
  }

  private emit(event: StreamReport): void {
    if (!this.stopped) this.sendBack(event);
  }

  private flush(): void {
    if (this.buffered === '') return;
    const text = this.buffered;
    const count = this.pieces;
    this.buffered = '';
    this.pieces = 0;
    this.emit({ type: 'STREAM.DELTA', attempt: this.attempt, text, pieces: count, at: this.shared.clock.now() });
  }

  private flushDeferred(): void {
    this.flushScheduled = false;
    this.flush();
  }

  /**
   * The first delta since the last flush: sends it at once if it is the stream's first (exact
   * time to first token), else schedules the flush. This is also where the stall watch hears
   * of activity: once per burst is enough, because the watch's timer cannot fire inside a
   * burst, only between turns of the event loop, and each turn with data passes through here.
   */
  private burstStarted(): void {
    this.activity++;
    if (!this.sentAny) {
      this.sentAny = true;
      this.flush();
    } else {
      this.flushScheduled = true;
      this.shared.clock.defer(() => this.flushDeferred());
    }
  }

  async run(): Promise<void> {
    const { provider, clock, watch } = this.shared;
    const { input, attempt } = this;
    const { signal } = this.controller;
    try {
      const wait = backoffDelay(input.faults ?? 0, input.retryAfterMs, this.shared.backoff, this.shared.random);
      if (wait > 0) await sleep(clock, wait, signal);
      const request = input.prefix === ''
        ? { messages: input.messages, signal }
        : { messages: input.messages, prefix: input.prefix, signal };
      watch?.add(this);
      for await (const event of provider.stream(request)) {
        // A plain flag rather than `signal.aborted`: cheaper per chunk than the getter. The delta
        // path is kept to the few operations a chunk needs; it is most of a stream's work.
        if (this.halted) break;
        if (event.type === 'delta') {
          const { text } = event;
          if (text === '') continue;
          this.buffered += text;
          this.pieces++;
          if (!this.flushScheduled) this.burstStarted();
          continue;
        }
        this.activity++;
        switch (event.type) {
          case 'tool_call': {
            this.flush();
            const { type: _type, ...delta } = event;
            this.emit({ type: 'STREAM.TOOL_CALL', attempt, delta, at: clock.now() });
            continue;
          }
          case 'restart':
            this.flush();
            this.emit({ type: 'STREAM.RESTART', attempt, at: clock.now() });
            continue;
          case 'finish':
            this.flush();
            this.emit(event.usage === undefined
              ? { type: 'STREAM.DONE', attempt, reason: event.reason, at: clock.now() }
              : { type: 'STREAM.DONE', attempt, reason: event.reason, usage: event.usage, at: clock.now() });
            return;
        }
      }
      if (signal.aborted) throw signal.reason;
      // A stream that ends without a finish event was cut off: a transient fault to retry.
      this.flush();
      this.emit({ type: 'STREAM.ERROR', attempt, error: new ProviderError('network', 'The stream ended before the answer was finished.'), at: clock.now() });
    } catch (error) {
      if (this.stopped) return;
      this.flush();
      const reported = this.stalled ? (signal.reason as ProviderError) : toProviderError(error);
      this.emit({ type: 'STREAM.ERROR', attempt, error: reported, at: clock.now() });
    } finally {
      watch?.remove(this);
    }
  }
}
