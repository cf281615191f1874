/**
 * Public types of the mock server. They live apart from the implementation so that
 * each module (routing, streaming, fault parsing) can depend on them without cycles.
 */

/**
 * How the client asked the server to continue a partial answer.
 *
 * @example
 * ```ts
 * const style: ContinuationStyle = server.requests[0]!.continuation; // e.g. 'vllm'
 * ```
 */
export type ContinuationStyle = 'none' | 'vllm' | 'deepseek' | 'instruct';

/**
 * What the n-th chat request after {@link MockServer.script} gets.
 *
 * @example
 * ```ts
 * const steps: FaultStep[] = [
 *   { kind: 'status', status: 429, retryAfterSeconds: 2 },
 *   { kind: 'drop', afterChunks: 5 },
 *   { kind: 'ok' },
 * ];
 * ```
 */
export type FaultStep =
  | { readonly kind: 'ok' }
  /** Answer with this HTTP status and an OpenAI-shaped error body; `Retry-After` when given. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  /** Send k content chunks, then destroy the socket (no finish chunk, no `[DONE]`). */
  | { readonly kind: 'drop'; readonly afterChunks: number }
  /** Send k content chunks, then nothing, keeping the connection open until the client (or close()) ends it. */
  | { readonly kind: 'stall'; readonly afterChunks: number }
  /** Send k content chunks, then one truncated-JSON `data:` line, then end the response. */
  | { readonly kind: 'malformed'; readonly afterChunks: number };

/**
 * Options of {@link startMockServer}; every field is optional.
 *
 * @example
 * ```ts
 * const options: MockServerOptions = { tokens: 48, seed: 0, tokensPerSecond: Infinity };
 * ```
 */
export interface MockServerOptions {
  /** Port to listen on; default 0 = a free port chosen by the OS. */
  readonly port?: number;
  /** Only '127.0.0.1' (default) or 'localhost' (both bind 127.0.0.1); anything else is refused. */
  readonly host?: string;
  /** Reply length in tokens, default 48 (same meaning as the simulated provider). */
  readonly tokens?: number;
  /** Seed of the simulated reply, default 0. */
  readonly seed?: number;
  /** Default 200; `Infinity` writes a whole stream in one go. */
  readonly tokensPerSecond?: number;
  /** Delay of the first content chunk after the request arrived, default 0. */
  readonly firstTokenMs?: number;
  /** When set, requests need `Authorization: Bearer <apiKey>`, else 401. Never recorded or printed. */
  readonly apiKey?: string;
  /** When set, a model not in this list gets 404 model_not_found; also what GET /v1/models lists. */
  readonly models?: readonly string[];
  /** Words of the partial the "model" repeats under the instruct style, default 3. */
  readonly instructOverlapWords?: number;
  /** Initial fault script, as if passed to {@link MockServer.script}. */
  readonly faults?: readonly FaultStep[];
}

/**
 * One `/v1/chat/completions` request as the server saw it. The object is updated
 * in place while the request runs (`chunksSent`, `state`, `endedAt`).
 *
 * @example
 * ```ts
 * const last: RecordedRequest = server.requests.at(-1)!;
 * last.state; // 'finished'
 * ```
 */
export interface RecordedRequest {
  /** Position in {@link MockServer.requests}. */
  readonly index: number;
  /** The parsed JSON body (undefined when it was not valid JSON). */
  readonly body: unknown;
  /** `body.model`, or '' when absent. */
  readonly model: string;
  readonly stream: boolean;
  /** Whether an Authorization header was present; its value is never stored. */
  readonly hadAuthorization: boolean;
  /** The fault step this request was given (`ok` for rejected requests, which consume none). */
  readonly fault: FaultStep;
  readonly continuation: ContinuationStyle;
  /** The partial the client asked to continue from ('' if none). */
  readonly prefix: string;
  /** Content chunks (text tokens and tool-call pieces) written so far. */
  readonly chunksSent: number;
  /**
   * 'streaming' while in progress (also for non-streaming requests), 'finished' when the
   * response completed, 'closed-by-client' when the client went away first, 'faulted' when an
   * injected fault ended it (or close() cut it), 'rejected' for 400/401/404 validation answers.
   */
  readonly state: 'streaming' | 'finished' | 'closed-by-client' | 'faulted' | 'rejected';
  /** `performance.now()` when the request body had arrived. */
  readonly startedAt: number;
  /** `performance.now()` when the request reached a final state. */
  readonly endedAt?: number;
}

/**
 * A running mock server; see {@link startMockServer}.
 *
 * @example
 * ```ts
 * const server = await startMockServer();
 * const client = new OpenAI({ apiKey: 'k', baseURL: server.baseURL });
 * await server.close();
 * ```
 */
export interface MockServer {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  /** url + '/v1', what the openai SDK wants as `baseURL`. */
  readonly baseURL: string;
  /** Every /v1/chat/completions request, in arrival order, updated live. */
  readonly requests: readonly RecordedRequest[];
  /** Replaces the fault queue: the n-th chat request after this call gets steps[n], then 'ok'. */
  script(steps: readonly FaultStep[]): void;
  /** Resolves as soon as `predicate(requests)` holds, checked on every request event. */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean): Promise<void>;
  /** Stops listening and closes all open connections. */
  close(): Promise<void>;
}
