import { oneOf, positiveInteger } from '../cli/flagValues.js';
import { UsageError } from '../cli/UsageError.js';
import type { BoardConfig } from './config.js';
import { readProviderFlags, type ProviderChoice, type ProviderFlagValues } from './providerFlags.js';
import { readSimulatedFlags } from './readSimulatedFlags.js';

/** The flags `run`, `resume` and `chat` share to build their board (the provider's come with PROVIDER_FLAGS). */
export const BOARD_FLAGS = {
  concurrency: { type: 'string' },
  tokens: { type: 'string' },
  rate: { type: 'string' },
  'first-token-ms': { type: 'string' },
  seed: { type: 'string' },
} as const;

/** {@link BOARD_FLAGS} and the clock, which only `run` and `resume` offer (a chat is real time). */
export const RUN_FLAGS = { ...BOARD_FLAGS, clock: { type: 'string' } } as const;

/** The help of the simulated provider's flags in {@link RUN_FLAGS}, for `run` and `resume`. */
export const RUN_SIMULATED_HELP = `Simulated provider only (refused with --provider openai, whose server decides):
  --tokens N             tokens per answer (default 48)
  --rate N               tokens per second while streaming (default 40)
  --first-token-ms N     delay before the first token, paid again on every resume (default 250)
  --seed N               varies the simulated answers (default 0)
  --clock real|virtual   real: waits take real time (default)
                         virtual: the run finishes at once, with exact times that are
                         identical on every run (not with --provider openai: a real
                         server streams in real time)`;

/** The flag values `run` and `resume` share to build their board. */
export type RunFlagValues = ProviderFlagValues & {
  readonly concurrency?: string | undefined;
  readonly tokens?: string | undefined;
  readonly rate?: string | undefined;
  readonly 'first-token-ms'?: string | undefined;
  readonly seed?: string | undefined;
  readonly clock?: string | undefined;
};

/** Everything `createBoard` needs, read from the flags. */
export interface RunFlags {
  readonly choice: ProviderChoice;
  readonly base: BoardConfig;
  readonly simulated: ReturnType<typeof readSimulatedFlags> & { readonly clock: 'real' | 'virtual' };
}

/**
 * Reads and checks the board flags of `run`, `resume` and `chat` (slots, the simulated
 * provider's settings and clock, the provider), with their defaults.
 *
 * @throws UsageError for a bad value or a combination that cannot work
 * @example
 * ```ts
 * const { choice, base, simulated } = readRunFlags('resume', values);
 * createBoard(choice, base, simulated, io.env);
 * ```
 */
export function readRunFlags(command: string, values: RunFlagValues): RunFlags {
  const concurrency = positiveInteger('--concurrency', values.concurrency ?? '1');
  const simulated = { ...readSimulatedFlags(values), clock: oneOf('--clock', values.clock ?? 'real', ['real', 'virtual'] as const) };
  const { choice, maxRetries, stallTimeoutMs } = readProviderFlags(command, values, {
    '--tokens': values.tokens,
    '--rate': values.rate,
    '--first-token-ms': values['first-token-ms'],
    '--seed': values.seed,
  });
  if (choice.kind === 'openai' && simulated.clock === 'virtual') {
    throw new UsageError('--clock virtual needs the simulated provider: a real server streams in real time (drop --clock, or use --clock real)');
  }
  return { choice, base: { concurrency, maxRetries, stallTimeoutMs }, simulated };
}
