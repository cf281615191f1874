import type { Provider, StreamRequest } from '@switchboard/core';

/**
 * Wraps a provider to watch what the switchboard does with it: how many streams are live
 * at once (started, not yet aborted or finished) and the requests it received.
 */
export function observeProvider(inner: Provider) {
  let live = 0;
  let maxLive = 0;
  const requests: Array<{ lastUser: string; prefix: string }> = [];
  const provider: Provider = {
    name: inner.name,
    stream(request: StreamRequest) {
      return (async function* () {
        let open = true;
        const close = () => {
          if (open) {
            open = false;
            live--;
          }
        };
        live++;
        maxLive = Math.max(maxLive, live);
        requests.push({ lastUser: request.messages.at(-1)?.content ?? '', prefix: request.prefix ?? '' });
        request.signal.addEventListener('abort', close, { once: true });
        try {
          yield* inner.stream(request);
        } finally {
          close();
        }
      })();
    },
  };
  return {
    provider,
    get live() {
      return live;
    },
    get maxLive() {
      return maxLive;
    },
    requests,
  };
}
