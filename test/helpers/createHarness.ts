import { createSwitchboard, createVirtualClock, type SwitchboardOptions, type TransitionRecord } from '@switchboard/core';
import { createSimulatedProvider, type SimulatedProviderOptions } from '@switchboard/llm-adapter';
import { observeProvider } from './observedProvider.js';

/**
 * A switchboard on a virtual clock with the simulated provider, plus what a test needs
 * to watch it: every transition, the live stream count, the most slots ever in use.
 */
export function createHarness(
  options: Partial<Omit<SwitchboardOptions, 'provider' | 'clock'>> & { provider?: Omit<SimulatedProviderOptions, 'clock'> } = {},
) {
  const clock = createVirtualClock();
  const { provider: providerOptions, ...boardOptions } = options;
  const simulated = { tokens: 20, tokensPerSecond: 50, firstTokenMs: 100, ...providerOptions };
  const observed = observeProvider(createSimulatedProvider({ clock, ...simulated }));
  const board = createSwitchboard({ ...boardOptions, provider: observed.provider, clock });
  const transitions: TransitionRecord[] = [];
  let maxRunning = 0;
  board.transitions$.subscribe((t) => {
    transitions.push(t);
    maxRunning = Math.max(maxRunning, board.scheduler().running.length);
  });
  return {
    clock,
    board,
    observed,
    transitions,
    tokens: simulated.tokens,
    get maxRunning() {
      return maxRunning;
    },
    /** The states a session went through, in order. */
    path(session: string) {
      const mine = transitions.filter((t) => t.session === session);
      return mine.length ? [mine[0]!.from, ...mine.map((t) => t.to)] : [];
    },
    settle: () => clock.runUntil(() => board.isIdle()),
    /** Runs the clock until `done()` holds; fails the test if it never does. */
    async until(done: () => boolean) {
      const reached = await clock.runUntil(done);
      if (!reached) throw new Error('the condition was never reached: the clock ran out of timers');
    },
  };
}
