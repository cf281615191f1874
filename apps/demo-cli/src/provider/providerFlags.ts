import type { ContinuationStrategy, PrefixStyle } from '@switchboard/llm-adapter';
import { nonNegativeInteger, oneOf } from '../cli/flagValues.js';
import { UsageError } from '../cli/UsageError.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_OPENAI_BASE_URL, DEFAULT_OPENAI_MODEL, DEFAULT_STALL_TIMEOUT_MS } from './config.js';

/** The flags `run` and `demo` share to choose and tune the provider. There is deliberately no flag for the API key. */
export const PROVIDER_FLAGS = {
  provider: { type: 'string' },
  model: { type: 'string' },
  continuation: { type: 'string' },
  'prefix-style': { type: 'string' },
  'base-url': { type: 'string' },
  'max-retries': { type: 'string' },
  'stall-timeout-ms': { type: 'string' },
} as const;

/** The parsed values of {@link PROVIDER_FLAGS}. */
export type ProviderFlagValues = { readonly [K in keyof typeof PROVIDER_FLAGS]?: string | undefined };

/** The `Provider:` section of the help of `run` and `demo`. */
export const PROVIDER_HELP = `Provider:
  --provider simulated|openai
                         where answers come from (default simulated):
                         simulated: a built-in model with known answers, no network
                         openai: an OpenAI-compatible server (OpenAI, vLLM, llama.cpp,
                         Ollama, LM Studio, DeepSeek, "switchboard mock-server")
  --model NAME           model to ask (default $OPENAI_MODEL, else ${DEFAULT_OPENAI_MODEL})
  --base-url URL         the server's API root, e.g. http://127.0.0.1:8000/v1
                         (default $OPENAI_BASE_URL, else ${DEFAULT_OPENAI_BASE_URL})
  --continuation prefix|instruct|restart
                         how a preempted answer resumes (default instruct):
                         prefix: the partial goes back and the server writes exactly the
                         rest; needs server support (vLLM, llama.cpp, DeepSeek beta)
                         instruct: the partial goes back with an instruction to continue;
                         works on every server, but the model may reword the seam
                         restart: the partial is discarded and the answer written anew
                         The simulated provider ignores it: it always continues exactly.
  --prefix-style vllm|deepseek
                         the server's flag for --continuation prefix (default vllm)
  --max-retries N        transient faults (429, 5xx, a dropped or stalled stream) a turn
                         survives, each after a backoff, before it fails (default ${DEFAULT_MAX_RETRIES})
  --stall-timeout-ms N   a stream silent this long counts as a fault (default ${DEFAULT_STALL_TIMEOUT_MS};
                         0 disables)
  --model, --base-url and --prefix-style need --provider openai. The API key has no flag
  (flags end up in shell history and process lists): it is read from OPENAI_API_KEY.`;

/** The `Environment:` section of the help of `run` and `demo`. */
export const ENVIRONMENT_HELP = `Environment:
  OPENAI_API_KEY     the API key for --provider openai, read only from here; it is
                     never printed, not even in error messages. Servers that need no
                     key (most local ones) work without it once a base URL is set.
  OPENAI_BASE_URL    the server's API root when --base-url is not given
  OPENAI_MODEL       the model when --model is not given
  NO_COLOR           any non-empty value turns colours off (https://no-color.org)`;

/** What the user chose, before the provider is built. */
export type ProviderChoice =
  | { readonly kind: 'simulated' }
  | {
      readonly kind: 'openai';
      /** From --model; undefined leaves it to OPENAI_MODEL and the default. */
      readonly model: string | undefined;
      /** From --base-url; undefined leaves it to OPENAI_BASE_URL and the default. */
      readonly baseURL: string | undefined;
      readonly continuation: ContinuationStrategy;
      readonly prefixStyle: PrefixStyle;
    };

export interface ProviderFlags {
  readonly choice: ProviderChoice;
  readonly maxRetries: number;
  readonly stallTimeoutMs: number;
}

/**
 * Checks that a base URL is one the SDK can use.
 *
 * @throws UsageError naming where the URL came from
 * @example
 * ```ts
 * checkBaseURL('--base-url', 'http://127.0.0.1:8000/v1');
 * ```
 */
export function checkBaseURL(source: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(`${source} must be an http:// or https:// URL such as http://127.0.0.1:8000/v1, got ${JSON.stringify(url)}`);
  }
  return url;
}

/**
 * Reads the provider flags of `run` or `demo`: which provider, and the settings that go
 * with it. Flags that make no sense for the chosen provider are refused, not ignored,
 * so a run never silently differs from what was asked (only --continuation is accepted
 * and ignored by the simulated provider, which always continues exactly).
 *
 * @param simulatedOnly flags of the command that only the simulated provider honours, with
 *   their values (undefined when not given)
 * @throws UsageError for a bad value or a flag that does not apply
 * @example
 * ```ts
 * readProviderFlags('run', values, { '--tokens': values.tokens });
 * ```
 */
export function readProviderFlags(
  command: string,
  values: ProviderFlagValues,
  simulatedOnly: Readonly<Record<string, string | undefined>>,
): ProviderFlags {
  const provider = oneOf('--provider', values.provider ?? 'simulated', ['simulated', 'openai'] as const);
  const continuation = oneOf('--continuation', values.continuation ?? 'instruct', ['prefix', 'instruct', 'restart'] as const);
  const prefixStyle = oneOf('--prefix-style', values['prefix-style'] ?? 'vllm', ['vllm', 'deepseek'] as const);
  const maxRetries = nonNegativeInteger('--max-retries', values['max-retries'] ?? String(DEFAULT_MAX_RETRIES));
  const stallTimeoutMs = nonNegativeInteger('--stall-timeout-ms', values['stall-timeout-ms'] ?? String(DEFAULT_STALL_TIMEOUT_MS));
  const hint = `see "switchboard ${command} --help"`;

  if (provider === 'simulated') {
    for (const flag of ['model', 'base-url', 'prefix-style'] as const) {
      if (values[flag] !== undefined) {
        throw new UsageError(`--${flag} applies to --provider openai only; the simulated provider (the default) has no use for it (${hint})`);
      }
    }
    return { choice: { kind: 'simulated' }, maxRetries, stallTimeoutMs };
  }

  for (const [flag, value] of Object.entries(simulatedOnly)) {
    if (value !== undefined) {
      throw new UsageError(`${flag} applies to the simulated provider only: with --provider openai the server decides its answers (${hint})`);
    }
  }
  if (values['prefix-style'] !== undefined && continuation !== 'prefix') {
    throw new UsageError(`--prefix-style applies only with --continuation prefix (${hint})`);
  }
  const model = values.model;
  if (model !== undefined && model.trim() === '') throw new UsageError('--model needs a model name');
  const baseURL = values['base-url'] === undefined ? undefined : checkBaseURL('--base-url', values['base-url']);
  return { choice: { kind: 'openai', model, baseURL, continuation, prefixStyle }, maxRetries, stallTimeoutMs };
}
