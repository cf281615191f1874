import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseChatRequest } from './chatRequest.js';
import { completeReply } from './completeReply.js';
import { detectContinuation } from './continuation.js';
import { INVALID_API_KEY, modelNotFound, openAIError, sendJson, statusFaultBody } from './errors.js';
import { completionBody, streamFrames } from './frames.js';
import type { ReplyContext } from './lifecycle.js';
import { planReply } from './planReply.js';
import type { RequestLog } from './requestLog.js';
import type { Pace } from './streamReply.js';
import { streamReply } from './streamReply.js';
import type { FaultStep } from './types.js';

/**
 * The server state a chat request is answered from.
 *
 * @example
 * ```ts
 * const settings: ChatSettings = { tokens: 48, seed: 0, pace, instructOverlapWords: 3,
 *   expectedAuthorization: undefined, models: undefined, log, nextFault: () => ({ kind: 'ok' }), context };
 * ```
 */
export interface ChatSettings {
  readonly tokens: number;
  readonly seed: number;
  readonly pace: Pace;
  readonly instructOverlapWords: number;
  /** `Bearer <apiKey>`, or undefined when no key is required. */
  readonly expectedAuthorization: string | undefined;
  readonly models: ReadonlySet<string> | undefined;
  readonly log: RequestLog;
  /** Takes the next scripted fault (or 'ok'); called only for requests that pass validation. */
  readonly nextFault: () => FaultStep;
  readonly context: ReplyContext;
}

const OK: FaultStep = Object.freeze({ kind: 'ok' });

/**
 * Answers one `POST /v1/chat/completions` whose body has been read: checks auth, JSON,
 * shape and model (each failure answered as OpenAI would, recorded as 'rejected' and
 * consuming no fault step, because such a request never reached the "model"), then applies
 * the next fault step or streams / returns the simulated reply.
 *
 * @example
 * ```ts
 * handleChatCompletion(req, res, rawBody, settings);
 * ```
 */
export function handleChatCompletion(req: IncomingMessage, res: ServerResponse, raw: string, settings: ChatSettings): void {
  const { log, context } = settings;
  const authorization = req.headers.authorization;
  let body: unknown;
  let validJson = true;
  try {
    body = JSON.parse(raw);
  } catch {
    validJson = false;
  }
  const record = log.add({
    body,
    model: typeof (body as { model?: unknown } | null)?.model === 'string' ? (body as { model: string }).model : '',
    stream: (body as { stream?: unknown } | null)?.stream === true,
    hadAuthorization: authorization !== undefined,
    fault: OK,
    continuation: 'none',
    prefix: '',
    chunksSent: 0,
    state: 'streaming',
    startedAt: performance.now(),
  });
  const reject = (status: number, errorBody: string): void => {
    record.state = 'rejected';
    record.endedAt = performance.now();
    sendJson(res, status, errorBody);
    context.notify();
  };

  if (settings.expectedAuthorization !== undefined && authorization !== settings.expectedAuthorization) {
    return reject(401, INVALID_API_KEY);
  }
  if (!validJson) {
    return reject(400, openAIError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
  }
  const chat = parseChatRequest(body);
  if ('error' in chat) return reject(400, openAIError(chat.error, 'invalid_request_error', null));
  if (settings.models !== undefined && !settings.models.has(chat.model)) return reject(404, modelNotFound(chat.model));
  const continuation = detectContinuation(chat);
  if ('error' in continuation) return reject(400, openAIError(continuation.error, 'invalid_request_error', null));
  record.continuation = continuation.style;
  record.prefix = continuation.prefix;

  const fault = settings.nextFault();
  record.fault = fault;
  if (fault.kind === 'status') {
    record.state = 'faulted';
    record.endedAt = performance.now();
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    sendJson(res, fault.status, statusFaultBody(fault.status), headers);
    context.notify();
    return;
  }

  const plan = planReply(continuation, {
    seed: settings.seed,
    tokens: settings.tokens,
    instructOverlapWords: settings.instructOverlapWords,
    index: record.index,
    ...(chat.toolName === undefined ? {} : { toolName: chat.toolName }),
  });
  const meta = {
    id: `chatcmpl-mock-${record.index}`,
    created: Math.floor(Date.now() / 1000),
    model: chat.model,
    includeUsage: chat.includeUsage,
  };
  if (chat.stream) streamReply(res, record, streamFrames(plan, meta), fault, settings.pace, context);
  else completeReply(res, record, completionBody(plan, meta), plan.chunks, fault, settings.pace, context);
}
