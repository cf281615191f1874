import { describe, expect, it } from 'vitest';
import { runSwitchboardProperty } from './runProperty.js';

const runs = readRuns(process.env.SWITCHBOARD_PROPERTY_RUNS);

function readRuns(value: string | undefined): number {
  if (value === undefined || value === '') return 1000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`SWITCHBOARD_PROPERTY_RUNS must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

describe('the switchboard under random command sequences', () => {
  it(
    `keeps every invariant, ends every message once and bounds every wait (${runs} runs)`,
    async () => {
      const outcome = await runSwitchboardProperty({ numRuns: runs });
      expect(outcome.failed, outcome.counterexample).toBe(false);
      expect(outcome.runs).toBe(runs);
      // Not vacuous: over this many runs, the cases preempt, retry, fail, cancel, refuse
      // sends at capacity and make requests wait past their aging deadline.
      if (runs >= 1000) {
        const { coverage } = outcome;
        expect(coverage.cases).toBe(runs);
        for (const key of ['preemptions', 'retries', 'resumes', 'failures', 'cancellations', 'refusedSends', 'waitsPastAging'] as const) {
          expect(coverage[key], `${key} over ${runs} runs`).toBeGreaterThan(0);
        }
      }
    },
    Math.max(60_000, runs * 60),
  );
});
