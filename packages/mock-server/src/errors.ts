import type { ServerResponse } from 'node:http';

/**
 * The error envelope OpenAI returns, so that SDKs map statuses to their own error
 * classes and read `error.code` exactly as they do against the real API.
 *
 * @example
 * ```ts
 * openAIError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
 * ```
 */
export function openAIError(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, code } });
}

/**
 * 401 body, word for word what OpenAI sends (the key itself is never echoed).
 *
 * @example
 * ```ts
 * sendJson(res, 401, INVALID_API_KEY);
 * ```
 */
export const INVALID_API_KEY = openAIError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');

/**
 * 404 body for a model the server was not told about.
 *
 * @example
 * ```ts
 * modelNotFound('gpt-x'); // '{"error":{"message":"The model `gpt-x` does not exist ...","code":"model_not_found"}}'
 * ```
 */
export function modelNotFound(model: string): string {
  return openAIError(
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found',
  );
}

/**
 * Body of an injected `status` fault. Messages say "injected" so a failing test's log
 * shows at once that the mock, not the code under test, produced the error.
 *
 * @example
 * ```ts
 * statusFaultBody(429); // '{"error":{"message":"Rate limit reached (injected fault). ...","type":"requests",...}}'
 * ```
 */
export function statusFaultBody(status: number): string {
  switch (status) {
    case 429:
      return openAIError('Rate limit reached (injected fault). Please try again later.', 'requests', 'rate_limit_exceeded');
    case 500:
      return openAIError('The server had an error while processing your request (injected fault).', 'server_error', null);
    case 502:
      return openAIError('Bad gateway (injected fault).', 'server_error', null);
    case 503:
      return openAIError('The server is overloaded or not ready yet (injected fault).', 'server_error', null);
    default:
      return openAIError(
        `HTTP ${status} (injected fault).`,
        status < 500 ? 'invalid_request_error' : 'server_error',
        null,
      );
  }
}

/**
 * Writes a complete JSON response.
 *
 * @example
 * ```ts
 * sendJson(res, 400, openAIError('bad', 'invalid_request_error', null));
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
