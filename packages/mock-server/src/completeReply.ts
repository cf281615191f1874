import type { ServerResponse } from 'node:http';
import { sendJson } from './errors.js';
import { settle, watchResponse, type ReplyContext } from './lifecycle.js';
import type { MutableRecordedRequest } from './requestLog.js';
import type { Pace } from './streamReply.js';
import type { FaultStep } from './types.js';

/** What a `malformed` fault sends instead of a non-streamed completion: JSON cut mid-value. */
const MALFORMED_BODY = '{"choices":[{"message":{"content":';

/**
 * Answers a non-streaming request once its last chunk would have been generated (as a
 * real server does), or applies a chunk fault when chunk `afterChunks` would have been:
 * drop destroys the socket before any byte, stall never answers, malformed sends a 200
 * with truncated JSON.
 *
 * @example
 * ```ts
 * completeReply(res, record, body, plan.chunks, { kind: 'ok' }, pace, context);
 * ```
 */
export function completeReply(
  res: ServerResponse,
  record: MutableRecordedRequest,
  body: string,
  chunks: number,
  fault: FaultStep,
  pace: Pace,
  context: ReplyContext,
): void {
  const limit =
    fault.kind === 'drop' || fault.kind === 'stall' || fault.kind === 'malformed'
      ? Math.min(fault.afterChunks, chunks)
      : chunks;
  let timer: NodeJS.Timeout | undefined;
  watchResponse(res, record, context, () => {
    if (timer !== undefined) clearTimeout(timer);
  });

  const respond = (): void => {
    timer = undefined;
    switch (fault.kind) {
      case 'drop':
        settle(record, 'faulted', context);
        res.destroy();
        return;
      case 'stall':
        return;
      case 'malformed':
        settle(record, 'faulted', context);
        sendJson(res, 200, MALFORMED_BODY);
        return;
      default:
        record.chunksSent = chunks;
        sendJson(res, 200, body, { 'x-request-id': `req_mock_${record.index}` });
    }
  };

  const due = record.startedAt + pace.firstTokenMs + Math.max(0, limit - 1) * pace.intervalMs;
  const wait = due - performance.now();
  if (wait <= 0) respond();
  else timer = setTimeout(respond, wait);
}
