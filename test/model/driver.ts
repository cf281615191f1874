import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { createSystemDriver, type SystemDriverOptions } from '@switchboard/core/testing';

/**
 * The real system for the model tests: the simulated provider on the driver's virtual clock,
 * its fault hook wired to the driver. 40 tokens is more than any path asks for.
 */
export const simulated: SystemDriverOptions['provider'] = ({ clock, fault }) =>
  createSimulatedProvider({ clock, fault, tokens: 40, tokensPerSecond: 50, firstTokenMs: 20 });

export const driver = createSystemDriver({ provider: simulated });

/** Runs every path, collecting failures instead of stopping at the first, so a report shows them all. */
export async function runAll<P extends { description: string }>(paths: readonly P[], run: (path: P) => Promise<unknown>) {
  const failures: string[] = [];
  const started = performance.now();
  for (const path of paths) {
    try {
      await run(path);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  return { failures, ms: Math.round(performance.now() - started) };
}

export const countSteps = (paths: readonly { steps: readonly unknown[] }[]) => paths.reduce((n, p) => n + p.steps.length - 1, 0);
