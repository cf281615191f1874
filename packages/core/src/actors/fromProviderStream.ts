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
  const watch = stallTimeoutMs > 0 ? createStallWatch(clock, stallTimeoutMs) : null;
  return fromCallback<{ type: 'never' }, StreamInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    const { signal } = controller;
    const { attempt } = input;
    let stopped = false;
    let stalled = false;
    const watched: WatchedStream = {
      activity: 0,
      onStall: (silentMs) => {
        stalled = true;
        controller.abort(new ProviderError('timeout', `The provider sent nothing for ${Math.round(silentMs)} ms.`));
      },
    };
    const emit = (event: StreamReport) => {
      if (!stopped) sendBack(event);
    };
    let buffered = '';
    let pieces = 0;
    let flushScheduled = false;
    let sentAny = false;
    const flush = () => {
      flushScheduled = false;
      if (buffered === '') return;
      const text = buffered;
      const count = pieces;
      buffered = '';
      pieces = 0;
      emit({ type: 'STREAM.DELTA', attempt, text, pieces: count, at: clock.now() });
    };

    (async () => {
      try {
        const wait = backoffDelay(input.faults ?? 0, input.retryAfterMs, backoff, random);
        if (wait > 0) await sleep(clock, wait, signal);
        const request = input.prefix === ''
          ? { messages: input.messages, signal }
          : { messages: input.messages, prefix: input.prefix, signal };
        watch?.add(watched);
        for await (const event of provider.stream(request)) {
          // `stopped` rather than `signal.aborted`: a plain flag is cheaper per chunk than the getter.
          if (stopped || stalled) break;
          watched.activity++;
          switch (event.type) {
            case 'delta':
              if (event.text === '') continue;
              buffered += event.text;
              pieces++;
              if (!sentAny) {
                sentAny = true;
                flush();
              } else if (!flushScheduled) {
                flushScheduled = true;
                clock.defer(flush);
              }
              continue;
            case 'tool_call': {
              flush();
              const { type: _type, ...delta } = event;
              emit({ type: 'STREAM.TOOL_CALL', attempt, delta, at: clock.now() });
              continue;
            }
            case 'restart':
              flush();
              emit({ type: 'STREAM.RESTART', attempt, at: clock.now() });
              continue;
            case 'finish':
              flush();
              emit(event.usage === undefined
                ? { type: 'STREAM.DONE', attempt, reason: event.reason, at: clock.now() }
                : { type: 'STREAM.DONE', attempt, reason: event.reason, usage: event.usage, at: clock.now() });
              return;
          }
        }
        if (signal.aborted) throw signal.reason;
        // A stream that ends without a finish event was cut off: a transient fault to retry.
        flush();
        emit({ type: 'STREAM.ERROR', attempt, error: new ProviderError('network', 'The stream ended before the answer was finished.'), at: clock.now() });
      } catch (error) {
        if (stopped) return;
        flush();
        const reported = stalled ? (signal.reason as ProviderError) : toProviderError(error);
        emit({ type: 'STREAM.ERROR', attempt, error: reported, at: clock.now() });
      } finally {
        watch?.remove(watched);
      }
    })();

    return () => {
      stopped = true;
      watch?.remove(watched);
      controller.abort(INTERRUPTED);
    };
  });
}
