import type { ContinuationStrategy, PrefixStyle } from '@switchboard/llm-adapter';

/** Settings of the switchboard itself, whatever the provider. */
export interface BoardConfig {
  /** Scheduler slots. */
  readonly concurrency: number;
  /** Transient provider faults a turn survives (suspend, back off, resume) before it fails. */
  readonly maxRetries: number;
  /** A stream silent this long counts as a transient fault; 0 disables the watchdog. */
  readonly stallTimeoutMs: number;
}

/** The effective settings of a run on the simulated provider, as `--json` reports them. */
export interface SimulatedConfig extends BoardConfig {
  readonly provider: 'simulated';
  /** Reply length in tokens. */
  readonly tokens: number;
  /** Tokens per second. */
  readonly rate: number;
  readonly firstTokenMs: number;
  readonly seed: number;
  readonly clock: 'real' | 'virtual';
}

/** The effective settings of a run on an OpenAI-compatible server, as `--json` reports them. Never the API key. */
export interface OpenAIConfig extends BoardConfig {
  readonly provider: 'openai';
  readonly model: string;
  /** The server, without any credentials or query string the URL may carry. */
  readonly baseURL: string;
  readonly continuation: ContinuationStrategy;
  /** Only with `continuation: 'prefix'`. */
  readonly prefixStyle?: PrefixStyle;
  /** A real server streams in real time. */
  readonly clock: 'real';
}

/** What a `run` or a `demo` ran on. */
export type RunConfig = SimulatedConfig | OpenAIConfig;

/** The switchboard's own defaults, repeated here so the help and `--json` can state them. */
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';


/**
 * One line describing where answers come from, for the human report and the demo.
 *
 * @example
 * ```ts
 * describeProvider(config); // "openai-compatible server http://127.0.0.1:8000/v1, model m, continuation instruct"
 * ```
 */
export function describeProvider(config: OpenAIConfig): string {
  const continuation = config.continuation === 'prefix' ? `prefix (${config.prefixStyle ?? 'vllm'})` : config.continuation;
  return `model ${config.model} at ${config.baseURL}, continuation ${continuation}`;
}
