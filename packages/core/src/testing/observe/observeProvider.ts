import type { Provider, StreamEvent, StreamRequest } from '../../provider/types.js';

/** A provider wrapped by {@link observeProvider}, with what it has seen. */
export interface ObservedProvider {
  /** Give this one to the switchboard: it streams exactly what the inner provider streams. */
  readonly provider: Provider;
  /** Streams started and not yet stopped (signal aborted) or finished. */
  readonly liveStreams: number;
  /** The most streams that were ever live at once. */
  readonly maxLiveStreams: number;
  /** Streams started so far. */
  readonly streamsStarted: number;
}

/**
 * Wraps a provider to count its live streams: a stream is live from the `stream()` call
 * until its request's signal aborts or its iterator finishes (whichever comes first), which
 * is what the slots invariant counts (`SystemView.liveStreams`).
 *
 * @example
 * ```ts
 * const observed = observeProvider(createSimulatedProvider({ clock }));
 * const board = createSwitchboard({ provider: observed.provider, clock, slots: 2 });
 * // ... run ...
 * expect(observed.maxLiveStreams).toBeLessThanOrEqual(2);
 * ```
 */
export function observeProvider(inner: Provider): ObservedProvider {
  let live = 0;
  let maxLive = 0;
  let started = 0;
  const provider: Provider = {
    name: inner.name,
    ...(inner.model === undefined ? {} : { model: inner.model }),
    stream(request: StreamRequest): AsyncIterable<StreamEvent> {
      const source = inner.stream(request);
      // A request already aborted never streams: it is not live.
      if (request.signal.aborted) return source;
      started++;
      live++;
      if (live > maxLive) maxLive = live;
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        live--;
        request.signal.removeEventListener('abort', close);
      };
      request.signal.addEventListener('abort', close, { once: true });
      return (async function* () {
        try {
          yield* source;
        } finally {
          close();
        }
      })();
    },
  };
  return {
    provider,
    get liveStreams() {
      return live;
    },
    get maxLiveStreams() {
      return maxLive;
    },
    get streamsStarted() {
      return started;
    },
  };
}
