import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPriorityPolicy } from '../../src/policy/createPriorityPolicy.js';
import { planPreemptions } from '../../src/policy/planPreemptions.js';
import type { RankInput, RunningView } from '../../src/policy/types.js';

const policy = createPriorityPolicy({ agingMs: 1000 });

describe('rank and effective priority', () => {
  it('puts foreground before background and earlier before later within a class', () => {
    const fg = policy.rank({ priorityClass: 'foreground', arrivalAt: 500 });
    const bg = policy.rank({ priorityClass: 'background', arrivalAt: 0 });
    expect(fg).toBeGreaterThan(bg);
    expect(policy.rank({ priorityClass: 'background', arrivalAt: 10 })).toBeLessThan(bg);
  });

  it('lets a background request that waited longer than agingMs outrank new foreground work', () => {
    const old = { priorityClass: 'background', arrivalAt: 0 } as const;
    expect(policy.rank(old)).toBeGreaterThan(policy.rank({ priorityClass: 'foreground', arrivalAt: 1001 }));
    expect(policy.rank(old)).toBeLessThan(policy.rank({ priorityClass: 'foreground', arrivalAt: 999 }));
    expect(policy.effectivePriority(old, 1500)).toBe(1.5);
  });

  it('orders by rank exactly as by effective priority, at any moment', () => {
    const request = fc.record({
      priorityClass: fc.constantFrom('foreground' as const, 'background' as const),
      arrivalAt: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(
      fc.property(request, request, fc.integer({ min: 100_000, max: 1_000_000 }), (a: RankInput, b: RankInput, now) => {
        const byRank = Math.sign(policy.rank(a) - policy.rank(b));
        const byPriority = Math.sign(policy.effectivePriority(a, now) - policy.effectivePriority(b, now));
        expect(byRank).toBe(byPriority);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a nonsensical aging window', () => {
    for (const agingMs of [0, -5, Infinity, Number.NaN]) expect(() => createPriorityPolicy({ agingMs })).toThrow(RangeError);
  });
});

const running = (id: string, rank: number, startedAt: number): RunningView => ({ id, rank, startedAt });

describe('planPreemptions', () => {
  it('interrupts nothing when the best waiting request does not outrank anyone', () => {
    expect(planPreemptions([running('a', 10, 0)], [{ id: 'w', rank: 10 }])).toEqual([]);
    expect(planPreemptions([running('a', 10, 0)], [{ id: 'w', rank: 5 }])).toEqual([]);
  });

  it('picks the lowest rank first, then the most recently started', () => {
    const slots = [running('old-low', 1, 0), running('new-low', 1, 50), running('high', 9, 10)];
    expect(planPreemptions(slots, [{ id: 'w', rank: 5 }])).toEqual(['new-low']);
    expect(planPreemptions(slots, [{ id: 'w1', rank: 5 }, { id: 'w2', rank: 5 }])).toEqual(['new-low', 'old-low']);
  });

  it('never interrupts more requests than wait, and only ones outranked (property)', () => {
    const view = fc.record({ rank: fc.integer({ min: 0, max: 5 }), startedAt: fc.integer({ min: 0, max: 9 }) });
    fc.assert(
      fc.property(fc.array(view, { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }), (views, ranks) => {
        const slots = views.map((v, i) => ({ ...v, id: `r${i}` }));
        const waiting = ranks.sort((x, y) => y - x).map((rank, i) => ({ id: `w${i}`, rank }));
        const victims = planPreemptions(slots, waiting);
        expect(victims.length).toBeLessThanOrEqual(waiting.length);
        expect(new Set(victims).size).toBe(victims.length);
        for (const id of victims) expect(slots.find((s) => s.id === id)!.rank).toBeLessThan(waiting[0]!.rank);
        // After the interrupts, no waiting request outranks a request still running.
        const stillRunning = slots.filter((s) => !victims.includes(s.id));
        const stillWaiting = waiting.slice(victims.length);
        if (stillWaiting.length && stillRunning.length) {
          expect(stillWaiting[0]!.rank).toBeLessThanOrEqual(Math.min(...stillRunning.map((s) => s.rank)));
        }
      }),
      { numRuns: 500 },
    );
  });
});
