import { createSwitchboard, createVirtualClock, type Switchboard } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { realTiming, virtualTiming, type ScenarioTiming } from '../scenario/timing.js';

/** The effective settings of a simulated run, as `--json` reports them. */
export interface SimulationConfig {
  /** Scheduler slots. */
  readonly concurrency: number;
  /** Reply length in tokens. */
  readonly tokens: number;
  /** Tokens per second. */
  readonly rate: number;
  readonly firstTokenMs: number;
  readonly seed: number;
  readonly clock: 'real' | 'virtual';
}

/**
 * A switchboard on the simulated provider, with the provider and the board on the same
 * clock (the run's delays would otherwise not move with `wait`).
 *
 * @example
 * ```ts
 * const { board, timing } = createSimulation({ concurrency: 1, tokens: 48, rate: 40, firstTokenMs: 250, seed: 0, clock: 'virtual' });
 * ```
 */
export function createSimulation(config: SimulationConfig): { board: Switchboard; timing: ScenarioTiming } {
  const timing = config.clock === 'virtual' ? virtualTiming(createVirtualClock()) : realTiming();
  const provider = createSimulatedProvider({
    clock: timing.clock,
    seed: config.seed,
    tokens: config.tokens,
    tokensPerSecond: config.rate,
    firstTokenMs: config.firstTokenMs,
  });
  const board = createSwitchboard({ provider, clock: timing.clock, slots: config.concurrency });
  return { board, timing };
}
