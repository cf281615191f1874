import { ProviderError } from '@switchboard/core';
import OpenAI from 'openai';
import { redactSecret } from './redactSecret.js';

/** Milliseconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A base URL fit to print: no user name, password, query or fragment (they can carry credentials).
 *
 * @example
 * ```ts
 * displayURL('http://me:secret@127.0.0.1:8000/v1?key=x'); // "http://127.0.0.1:8000/v1"
 * ```
 */
export function displayURL(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return '(an invalid URL)';
  }
}

/**
 * Maps what the `openai` SDK throws to a {@link ProviderError} whose message says what to
 * fix. Never includes the API key.
 *
 * @example
 * ```ts
 * catch (error) { throw toOpenAIProviderError(error, { model, baseURL, apiKey }); }
 * ```
 */
export function toOpenAIProviderError(
  error: unknown,
  given: { model: string; baseURL: string; apiKey: string | undefined },
): ProviderError {
  if (error instanceof ProviderError) return error;
  const context = { ...given, baseURL: displayURL(given.baseURL) };
  const clean = (text: string) => redactSecret(text, context.apiKey);
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError('timeout', `The request to ${context.baseURL} timed out.`);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError('network', `Could not reach ${context.baseURL}: is the server running and the base URL right (OPENAI_BASE_URL)?`);
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const detail = clean(String((error.error as { message?: unknown } | undefined)?.message ?? error.message));
    if (status === 401) {
      return new ProviderError('auth', `The server refused the API key (401): set OPENAI_API_KEY to a valid key for ${context.baseURL}.`);
    }
    if (status === 403) return new ProviderError('auth', `The API key may not use this model or endpoint (403): ${detail}`);
    if (status === 404) {
      return new ProviderError('not_found', `Not found (404): check the model name ("${context.model}", --model) and the base URL (${context.baseURL}, OPENAI_BASE_URL). Server said: ${detail}`);
    }
    if (status === 429) {
      const wait = retryAfterMs(error.headers);
      return new ProviderError('rate_limit', `Rate limited (429): ${detail}`, wait === undefined ? {} : { retryAfterMs: wait });
    }
    if (status >= 500) {
      const wait = retryAfterMs(error.headers);
      return new ProviderError('server', `The server failed (${status}): ${detail}`, wait === undefined ? {} : { retryAfterMs: wait });
    }
    if (status >= 400) return new ProviderError('bad_request', `The server rejected the request (${status}): ${detail}`);
  }
  const message = clean(error instanceof Error ? error.message : String(error));
  return new ProviderError('unknown', message);
}
