import { createPriorityPolicy, type SchedulingPolicy } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { runSwitchboardProperty } from './runProperty.js';

/**
 * The property must catch a broken scheduler. Each policy below is the default one with a
 * single function replaced. Seeds are fixed so the shrunk counterexamples are stable; the
 * runs still search (up to 300 cases) and shrink as usual. (`endOnFailure` is not used: in
 * fast-check it stops at the first failure WITHOUT shrinking.)
 */
const agingMs = 500;
const correct = createPriorityPolicy({ agingMs });

const neverPreempts: SchedulingPolicy = { ...correct, planPreemptions: () => [] };

/** Rank by class weight alone: aging is gone, so background work waits behind every foreground turn. */
const ignoresAging: SchedulingPolicy = { ...correct, rank: (request) => (request.priorityClass === 'foreground' ? 1 : 0) };

describe('a broken scheduling policy is caught, with a shrunk counterexample', () => {
  it('one that never preempts breaks invariant 2 (priority)', async () => {
    const outcome = await runSwitchboardProperty({ numRuns: 300, seed: 1, policy: neverPreempts });
    console.log(`never preempts:\n${outcome.counterexample}`);
    expect(outcome.failed).toBe(true);
    expect(outcome.numShrinks).toBeGreaterThan(0);
    expect(outcome.invariants).toContain('priority');
    // Grants still follow the (correct) rank, so nothing starves: the check names the right invariant.
    expect(outcome.invariants).not.toContain('starvation');
    // Two sessions, two sends and a switch are all it takes.
    expect(outcome.commands).toBeLessThanOrEqual(6);
    expect(outcome.counterexample).toMatch(/\[priority\] m\d+ \(s\d, foreground\) waits while m\d+ \(s\d, background\)/);
  }, 60_000);

  it('one whose rank ignores aging lets background work starve (invariant 5)', async () => {
    const outcome = await runSwitchboardProperty({ numRuns: 300, seed: 1, policy: ignoresAging });
    console.log(`ignores aging:\n${outcome.counterexample}`);
    expect(outcome.failed).toBe(true);
    expect(outcome.numShrinks).toBeGreaterThan(0);
    expect(outcome.invariants?.[0]).toBe('starvation');
    expect(outcome.commands).toBeLessThan(25);
    expect(outcome.counterexample).toMatch(/\[starvation\] m\d+ \(s\d, arrived at \d+\) was served before m\d+ \(s\d\), whose aging deadline \d+/);
  }, 60_000);

  it('the correct policy passes the same runs', async () => {
    const outcome = await runSwitchboardProperty({ numRuns: 300, seed: 1, policy: correct });
    expect(outcome.failed, outcome.counterexample).toBe(false);
  }, 60_000);
});
