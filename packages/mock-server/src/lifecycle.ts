import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { MutableRecordedRequest } from './requestLog.js';

/**
 * What a reply writer needs from the server around it.
 *
 * @example
 * ```ts
 * const context: ReplyContext = { notify: () => log.notify(), isClosing: () => false };
 * ```
 */
export interface ReplyContext {
  /** Re-checks `waitFor` predicates after a record changed. */
  readonly notify: () => void;
  /** True once close() started: a connection cut then is the server's doing, not the client's. */
  readonly isClosing: () => boolean;
}

/**
 * Moves a record to a final state (once: a later event never overwrites the first
 * verdict, e.g. the 'close' that follows a deliberate drop stays 'faulted').
 *
 * @example
 * ```ts
 * settle(record, 'faulted', context);
 * ```
 */
export function settle(
  record: MutableRecordedRequest,
  state: Exclude<MutableRecordedRequest['state'], 'streaming'>,
  context: ReplyContext,
): void {
  if (record.state !== 'streaming') return;
  record.state = state;
  record.endedAt = performance.now();
  context.notify();
}

/**
 * Watches a response until it ends: 'finish' marks it finished, a 'close' before that
 * marks it closed by the client (or faulted when close() cut it) and calls `stop`, so the
 * writer cancels its timers at once and never writes to a closed response.
 *
 * @example
 * ```ts
 * watchResponse(res, record, context, () => clearTimeout(timer));
 * ```
 */
export function watchResponse(
  res: ServerResponse,
  record: MutableRecordedRequest,
  context: ReplyContext,
  stop: () => void,
): void {
  res.on('finish', () => settle(record, 'finished', context));
  res.on('close', () => {
    stop();
    settle(record, context.isClosing() ? 'faulted' : 'closed-by-client', context);
  });
}
