import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAIError, sendJson, INVALID_API_KEY } from './errors.js';
import { validateFaultStep } from './faultScript.js';
import { handleChatCompletion, type ChatSettings } from './handleChatCompletion.js';
import { resolveOptions } from './options.js';
import { RequestLog } from './requestLog.js';
import type { FaultStep, MockServer, MockServerOptions } from './types.js';

const OK: FaultStep = Object.freeze({ kind: 'ok' });
const DEFAULT_MODEL = 'switchboard-mock';

/**
 * Starts a fault-injecting, OpenAI-compatible chat completions server on 127.0.0.1.
 *
 * Replies are the simulated provider's (`simulatedReply` / `continuationTokens` of
 * `@switchboard/llm-adapter`) for the same conversation, seed and length, so a resumed
 * answer can be compared with an uninterrupted one. Understands the vLLM
 * (`continue_final_message`), DeepSeek (`prefix: true`) and instruct (INSTRUCT_PROMPT)
 * continuation styles; scripted faults apply to chat requests in arrival order.
 *
 * Routes: `POST /v1/chat/completions`, `GET /v1/models`; anything else is a 404.
 *
 * @throws (rejects) for a host other than 127.0.0.1/localhost, or another bad option.
 * @example
 * ```ts
 * const server = await startMockServer({ tokens: 20, faults: [{ kind: 'drop', afterChunks: 5 }] });
 * const client = new OpenAI({ apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 });
 * const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
 * // ...the first request is dropped after 5 chunks; later ones complete.
 * await server.close();
 * ```
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const resolved = resolveOptions(options);
  const log = new RequestLog();
  let queue: FaultStep[] = [...resolved.faults];
  let closing = false;
  const expectedAuthorization = resolved.apiKey === undefined ? undefined : `Bearer ${resolved.apiKey}`;

  const settings: ChatSettings = {
    tokens: resolved.tokens,
    seed: resolved.seed,
    pace: {
      firstTokenMs: resolved.firstTokenMs,
      intervalMs: resolved.tokensPerSecond === Infinity ? 0 : 1000 / resolved.tokensPerSecond,
    },
    instructOverlapWords: resolved.instructOverlapWords,
    expectedAuthorization,
    models: resolved.models === undefined ? undefined : new Set(resolved.models),
    log,
    nextFault: () => queue.shift() ?? OK,
    context: { notify: () => log.notify(), isClosing: () => closing },
  };

  const listModels = (req: IncomingMessage, res: ServerResponse): void => {
    if (expectedAuthorization !== undefined && req.headers.authorization !== expectedAuthorization) {
      return sendJson(res, 401, INVALID_API_KEY);
    }
    const data = (resolved.models ?? [DEFAULT_MODEL]).map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'switchboard',
    }));
    sendJson(res, 200, JSON.stringify({ object: 'list', data }));
  };

  const server = createServer({ noDelay: true }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => handleChatCompletion(req, res, Buffer.concat(parts).toString('utf8'), settings));
      return;
    }
    req.resume(); // drain any body so the connection can be reused
    if (req.method === 'GET' && path === '/v1/models') return listModels(req, res);
    sendJson(res, 404, openAIError(`Invalid URL (${req.method ?? '?'} ${path ?? ''})`, 'invalid_request_error', null));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Always the IPv4 loopback address, even for 'localhost' (which may resolve to ::1).
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    baseURL: `${url}/v1`,
    requests: log.requests,
    script(steps) {
      queue = steps.map(validateFaultStep);
    },
    waitFor: (predicate) => log.waitFor(predicate),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        server.close(() => {
          log.rejectAll(new Error('mock server closed before the waitFor condition held'));
          resolve();
        });
        // Ends streams in progress (stalls included) and idle keep-alive sockets alike.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
