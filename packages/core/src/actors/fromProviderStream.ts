import { fromCallback } from 'xstate';
import type { Clock } from '../clock/types.js';
import { toProviderError } from '../provider/ProviderError.js';
import type { ChatMessage, Provider } from '../provider/types.js';
import type { StreamReport } from '../session/events.js';

/** What a session hands its stream actor. */
export interface StreamInput {
  readonly attempt: number;
  readonly messages: readonly ChatMessage[];
  /** The partial answer to continue from ('' for a fresh answer). */
  readonly prefix: string;
}

/**
 * Stream actor logic: runs one provider stream and reports it to its parent session as
 * `STREAM.DELTA`, `STREAM.DONE` or `STREAM.ERROR`, each tagged with the attempt number.
 *
 * Deltas that arrive in one burst are coalesced into one event (flushed on the clock's
 * `defer`), so a session pays one actor event per network read, not per token. The first
 * delta of an attempt is sent at once so the time to first token is exact. Stopping the
 * actor aborts the provider's request; nothing is sent after that.
 *
 * @example
 * ```ts
 * const machine = sessionMachine.provide({ actors: { streamReply: fromProviderStream(provider, systemClock) } });
 * ```
 */
export function fromProviderStream(provider: Provider, clock: Clock) {
  return fromCallback<{ type: 'never' }, StreamInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    const { signal } = controller;
    const { attempt } = input;
    const emit = (event: StreamReport) => {
      if (!signal.aborted) sendBack(event);
    };
    let buffered = '';
    let flushScheduled = false;
    let sentAny = false;
    const flush = () => {
      flushScheduled = false;
      if (buffered === '') return;
      const text = buffered;
      buffered = '';
      emit({ type: 'STREAM.DELTA', attempt, text, at: clock.now() });
    };

    (async () => {
      try {
        const request = input.prefix === ''
          ? { messages: input.messages, signal }
          : { messages: input.messages, prefix: input.prefix, signal };
        for await (const event of provider.stream(request)) {
          if (signal.aborted) return;
          if (event.type === 'delta') {
            if (event.text === '') continue;
            buffered += event.text;
            if (!sentAny) {
              sentAny = true;
              flush();
            } else if (!flushScheduled) {
              flushScheduled = true;
              clock.defer(flush);
            }
          } else {
            flush();
            emit(event.usage === undefined
              ? { type: 'STREAM.DONE', attempt, reason: event.reason, at: clock.now() }
              : { type: 'STREAM.DONE', attempt, reason: event.reason, usage: event.usage, at: clock.now() });
            return;
          }
        }
        // A stream that ends without a finish event still ended: count it as a stop.
        flush();
        emit({ type: 'STREAM.DONE', attempt, reason: 'stop', at: clock.now() });
      } catch (error) {
        if (signal.aborted) return;
        flush();
        emit({ type: 'STREAM.ERROR', attempt, error: toProviderError(error), at: clock.now() });
      }
    })();

    return () => controller.abort(new DOMException('The turn was interrupted.', 'AbortError'));
  });
}
