import { createSwitchboard, createVirtualClock, ProviderError, type SessionStore, type Switchboard, type SwitchboardOptions } from '@switchboard/core';
import { createOpenAIProvider, createSimulatedProvider, displayURL } from '@switchboard/llm-adapter';
import { UsageError } from '../cli/UsageError.js';
import { realTiming, virtualTiming, type ScenarioTiming } from '../scenario/timing.js';
import { DEFAULT_OPENAI_BASE_URL, type BoardConfig, type OpenAIConfig, type RunConfig, type SimulatedConfig } from './config.js';
import { checkBaseURL, type ProviderChoice } from './providerFlags.js';

/** A switchboard ready to run, the timing that goes with it, and the settings it really has. */
export interface Board {
  readonly board: Switchboard;
  readonly timing: ScenarioTiming;
  readonly config: RunConfig;
}

/** What a board may be given besides its settings: a database to keep its sessions in, an inspector. */
export interface BoardExtras {
  /** Receives XState inspection events (`--inspect`, `--record`). */
  readonly inspect?: SwitchboardOptions['inspect'];
  /** Sessions are restored from it at creation and written to it as they change. */
  readonly store?: SessionStore;
  /** A failed write to the store; the board goes on in memory. */
  readonly onStoreError?: (error: unknown) => void;
}

/** The options of `createSwitchboard` that come from {@link BoardExtras}, only those given. */
const storeOptions = (extras: BoardExtras) => ({
  ...(extras.store === undefined ? {} : { store: extras.store }),
  ...(extras.onStoreError === undefined ? {} : { onStoreError: extras.onStoreError }),
  ...(extras.inspect === undefined ? {} : { inspect: extras.inspect }),
});

/** Simulated-provider settings; ignored for `openai`. */
export type SimulatedSettings = Omit<SimulatedConfig, keyof BoardConfig | 'provider'>;

/** An environment variable that is set to something, else undefined (an empty value counts as unset). */
const setting = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};

/**
 * A switchboard on the simulated provider, with the provider and the board on the same
 * clock (the run's delays would otherwise not move with `wait`).
 *
 * @example
 * ```ts
 * const { board, timing } = createSimulatedBoard({ provider: 'simulated', concurrency: 1, tokens: 48, rate: 40,
 *   firstTokenMs: 250, seed: 0, clock: 'virtual', maxRetries: 3, stallTimeoutMs: 30000 });
 * ```
 */
export function createSimulatedBoard(config: SimulatedConfig, extras: BoardExtras = {}): Board {
  const timing = config.clock === 'virtual' ? virtualTiming(createVirtualClock()) : realTiming();
  const provider = createSimulatedProvider({
    clock: timing.clock,
    seed: config.seed,
    tokens: config.tokens,
    tokensPerSecond: config.rate,
    firstTokenMs: config.firstTokenMs,
  });
  const board = createSwitchboard({
    provider,
    clock: timing.clock,
    slots: config.concurrency,
    maxRetries: config.maxRetries,
    stallTimeoutMs: config.stallTimeoutMs,
    ...storeOptions(extras),
  });
  return { board, timing, config };
}

/**
 * A switchboard on an OpenAI-compatible server, on the wall clock. The API key comes from
 * `OPENAI_API_KEY` only; the base URL from the choice, else `OPENAI_BASE_URL`; the model
 * from the choice, else `OPENAI_MODEL`.
 *
 * @throws UsageError when the provider cannot be set up (no key and no base URL, a bad
 *   `OPENAI_BASE_URL`): the user's to fix, reported in one line
 * @example
 * ```ts
 * const { board, config } = createOpenAIBoard({ kind: 'openai', model: undefined, baseURL: undefined,
 *   continuation: 'instruct', prefixStyle: 'vllm' }, { concurrency: 1, maxRetries: 3, stallTimeoutMs: 30000 }, process.env);
 * ```
 */
export function createOpenAIBoard(
  choice: Extract<ProviderChoice, { kind: 'openai' }>,
  base: BoardConfig,
  env: NodeJS.ProcessEnv,
  extras: BoardExtras = {},
): Board {
  const apiKey = setting(env, 'OPENAI_API_KEY');
  const envURL = setting(env, 'OPENAI_BASE_URL');
  const baseURL = choice.baseURL ?? (envURL === undefined ? undefined : checkBaseURL('OPENAI_BASE_URL', envURL));
  if (apiKey === undefined && baseURL === undefined) {
    throw new UsageError(
      `--provider openai needs an API key: set OPENAI_API_KEY in the environment (there is no flag for it), ` +
        `or point --base-url or OPENAI_BASE_URL at a server that needs none`,
    );
  }
  const model = choice.model ?? setting(env, 'OPENAI_MODEL');
  let provider;
  try {
    provider = createOpenAIProvider({
      ...(model === undefined ? {} : { model }),
      ...(baseURL === undefined ? {} : { baseURL }),
      ...(apiKey === undefined ? {} : { apiKey }),
      continuation: choice.continuation,
      prefixStyle: choice.prefixStyle,
      // Only what was resolved above: the adapter must not fall back to another source.
      env: {},
    });
  } catch (error) {
    if (error instanceof ProviderError) throw new UsageError(`cannot use --provider openai: ${error.message}`);
    throw error;
  }
  const timing = realTiming();
  const board = createSwitchboard({
    provider,
    clock: timing.clock,
    slots: base.concurrency,
    maxRetries: base.maxRetries,
    stallTimeoutMs: base.stallTimeoutMs,
    ...storeOptions(extras),
  });
  const config: OpenAIConfig = {
    provider: 'openai',
    concurrency: base.concurrency,
    model: provider.model ?? model ?? '',
    baseURL: displayURL(baseURL ?? DEFAULT_OPENAI_BASE_URL),
    continuation: choice.continuation,
    ...(choice.continuation === 'prefix' ? { prefixStyle: choice.prefixStyle } : {}),
    clock: 'real',
    maxRetries: base.maxRetries,
    stallTimeoutMs: base.stallTimeoutMs,
  };
  return { board, timing, config };
}

/**
 * The switchboard for a provider choice.
 *
 * @throws UsageError when the provider cannot be set up
 * @example
 * ```ts
 * const { board, timing, config } = createBoard(choice, { concurrency: 1, maxRetries: 3, stallTimeoutMs: 30000 }, simulated, io.env);
 * // Kept in a database: its sessions are restored now and saved as they change.
 * createBoard(choice, base, simulated, io.env, { store: openSqliteStore('chats.db') });
 * ```
 */
export function createBoard(
  choice: ProviderChoice,
  base: BoardConfig,
  simulated: SimulatedSettings,
  env: NodeJS.ProcessEnv,
  extras: BoardExtras = {},
): Board {
  if (choice.kind === 'openai') return createOpenAIBoard(choice, base, env, extras);
  // Keys in the order `--json` has always printed them, the new ones after.
  return createSimulatedBoard({
    provider: 'simulated',
    concurrency: base.concurrency,
    ...simulated,
    maxRetries: base.maxRetries,
    stallTimeoutMs: base.stallTimeoutMs,
  }, extras);
}
