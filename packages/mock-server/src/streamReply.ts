import type { ServerResponse } from 'node:http';
import { MALFORMED_FRAME, type StreamFrames } from './frames.js';
import { settle, watchResponse, type ReplyContext } from './lifecycle.js';
import type { MutableRecordedRequest } from './requestLog.js';
import type { FaultStep } from './types.js';

/**
 * When content chunks are due, relative to the request's `startedAt`.
 *
 * @example
 * ```ts
 * const pace: Pace = { firstTokenMs: 0, intervalMs: 1000 / 200 }; // 200 tokens per second
 * ```
 */
export interface Pace {
  readonly firstTokenMs: number;
  /** 0 for tokensPerSecond = Infinity: everything is due at once. */
  readonly intervalMs: number;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/**
 * Streams a reply as SSE, applying a chunk-level fault (drop, stall, malformed) after
 * `afterChunks` content chunks.
 *
 * Chunk i is due at `startedAt + firstTokenMs + i * intervalMs` (absolute times, so timer
 * lateness never accumulates). Each timer tick writes every chunk already due in a single
 * `res.write`; with an interval of 0 that is the whole reply in one write, which keeps the
 * throughput benchmark cheap. The role chunk goes out at once so the client sees headers.
 *
 * @example
 * ```ts
 * streamReply(res, record, frames, { kind: 'ok' }, { firstTokenMs: 0, intervalMs: 5 }, context);
 * ```
 */
export function streamReply(
  res: ServerResponse,
  record: MutableRecordedRequest,
  frames: StreamFrames,
  fault: FaultStep,
  pace: Pace,
  context: ReplyContext,
): void {
  const total = frames.content.length;
  const limit =
    fault.kind === 'drop' || fault.kind === 'stall' || fault.kind === 'malformed'
      ? Math.min(fault.afterChunks, total)
      : total;
  const base = record.startedAt + pace.firstTokenMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  watchResponse(res, record, context, () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  });

  res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': `req_mock_${record.index}` });
  let pending = frames.role;
  let next = 0;

  const tick = (): void => {
    timer = undefined;
    if (stopped) return;
    const now = performance.now();
    while (next < limit && base + next * pace.intervalMs <= now) {
      pending += frames.content[next]!;
      record.chunksSent = ++next;
      context.notify();
    }
    if (next < limit) {
      if (pending !== '') res.write(pending);
      pending = '';
      timer = setTimeout(tick, base + next * pace.intervalMs - now);
      return;
    }
    stopped = true;
    end(pending);
  };

  // `text` holds whatever this tick produced (at least the last chunk, or the role chunk
  // when the fault comes before any content), so a drop can wait for it to be flushed.
  const end = (text: string): void => {
    switch (fault.kind) {
      case 'drop':
        settle(record, 'faulted', context);
        // Destroy only once the chunks are in the kernel: destroying at once could discard
        // them and the client would see fewer than `afterChunks`.
        if (text === '') res.destroy();
        else res.write(text, () => res.destroy());
        return;
      case 'stall':
        // Stays 'streaming' until the client (or close()) ends the connection.
        if (text !== '') res.write(text);
        return;
      case 'malformed':
        settle(record, 'faulted', context);
        res.end(text + MALFORMED_FRAME);
        return;
      default:
        res.end(text + frames.end); // 'finished' once flushed, via watchResponse
    }
  };

  tick();
}
