import { describe, expect, it } from 'vitest';
import { runCrashProperty } from './runCrashProperty.js';

describe('a crash after any write', () => {
  it('restores every accepted message and finishes every answer exactly', async () => {
    // `pnpm verify` runs it at full count.
    const result = await runCrashProperty({ numRuns: 60 });
    expect(result.counterexample).toBeNull();
    expect(result.runs).toBe(60);
  });
});
