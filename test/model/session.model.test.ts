import { createPriorityPolicy, sessionMachine, type SessionEvent } from '@switchboard/core';
import { createMachine, type EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { countSteps, driver, runAll, simulated } from './driver.js';
import {
  coverage,
  createSystemDriver,
  formatCoverage,
  runSessionPath,
  SAMPLE_TOOL_CALL,
  sessionEvents,
  sessionPaths,
  type SessionModelSnapshot,
} from '@switchboard/core/testing';

describe('session machine: model-based paths', () => {
  const started = performance.now();
  const paths = sessionPaths(sessionMachine);
  const generatedMs = Math.round(performance.now() - started);

  it('covers every state and every state-changing transition of machineGraph', () => {
    const report = coverage(paths, sessionMachine);
    const counts = new Map<string, number>();
    for (const p of paths) counts.set(p.via, (counts.get(p.via) ?? 0) + 1);
    const via = [...counts].map(([k, n]) => `${n} ${k}`);
    console.log(`${formatCoverage('session', report)} — ${paths.length} paths (${via.join(', ')}), ${countSteps(paths)} steps, generated in ${generatedMs} ms`);
    expect(report.states).toMatchObject({ covered: report.states.total, missing: [] });
    expect(report.transitions).toMatchObject({ covered: report.transitions.total, missing: [] });
    expect(report.transitions.total).toBe(28);
  });

  it('uses xstate createTestModel: the session machine has no invoke or after, so it is accepted', () => {
    expect(paths.filter((p) => p.via === 'createTestModel').length).toBeGreaterThan(0);
    // Shortest paths reach every state but not every way in: the rest are one-event extensions.
    expect(paths.filter((p) => p.via === 'extension').length).toBeGreaterThan(0);
  });

  paths.forEach((path, i) => {
    it(`runs against the real switchboard: #${i + 1} ${path.description}`, async () => {
      const run = await runSessionPath(path, driver);
      expect(run.steps).toBe(path.steps.length - 1);
    });
  });

  it('runs every transition of the abstract state graph against the real switchboard', async () => {
    const all = sessionPaths(sessionMachine, { cover: 'abstract' });
    const { failures, ms } = await runAll(all, (p) => runSessionPath(p, driver));
    console.log(`session (abstract transitions): ${all.length} paths, ${countSteps(all)} steps, ran in ${ms} ms, ${failures.length} failures`);
    expect(failures).toEqual([]);
  });

  it('runs a hand-written scenario: tool calls, a restart, a preemption and a queued follow-up', async () => {
    const s = (e: SessionEvent) => e;
    const [scenario] = sessionPaths(sessionMachine, {
      cover: 'none',
      scenarios: [
        [
          s({ type: 'SEND', messageId: 'm1', text: 'first', at: 0 }),
          s({ type: 'GRANT', turnId: 'm1', at: 0 }),
          s({ type: 'STREAM.DELTA', attempt: 1, text: 'a', at: 0 }),
          s({ type: 'SEND', messageId: 'm2', text: 'second', at: 0 }),
          s({ type: 'PREEMPT', turnId: 'm1', at: 0 }),
          s({ type: 'GRANT', turnId: 'm1', at: 0 }),
          s({ type: 'STREAM.TOOL_CALL', attempt: 2, delta: SAMPLE_TOOL_CALL, at: 0 }),
          s({ type: 'STREAM.RESTART', attempt: 2, at: 0 }),
          s({ type: 'STREAM.DELTA', attempt: 2, text: 'b', at: 0 }),
          s({ type: 'STREAM.DONE', attempt: 2, reason: 'stop', at: 0 }),
          s({ type: 'GRANT', turnId: 'm2', at: 0 }),
          s({ type: 'STREAM.DONE', attempt: 3, reason: 'stop', at: 0 }),
        ],
      ],
    }).filter((p) => p.via === 'scenario');
    expect(scenario!.description).toBe(
      'idle —SEND→ queued —GRANT→ streaming —STREAM.DELTA→ streaming —SEND→ streaming —PREEMPT→ suspended —GRANT→ resuming' +
        ' —STREAM.TOOL_CALL→ streaming —STREAM.RESTART→ streaming —STREAM.DELTA→ streaming —STREAM.DONE→ queued —GRANT→ streaming —STREAM.DONE→ idle',
    );
    const run = await runSessionPath(scenario!, driver);
    expect(run.states).toEqual(['idle', 'queued', 'streaming', 'suspended', 'resuming', 'streaming', 'queued', 'streaming', 'idle']);
  });
});

describe('the coverage check itself', () => {
  const paths = sessionPaths(sessionMachine);

  it('reports the transitions a smaller path set misses', () => {
    const failedThenSend = (p: (typeof paths)[number]) => p.description.includes('failed —SEND→ queued');
    expect(paths.filter(failedThenSend)).toHaveLength(1);
    const report = coverage(paths.filter((p) => !failedThenSend(p)), sessionMachine);
    console.log(`session without the path through failed —SEND→: ${formatCoverage('session', report)}`);
    expect(report.transitions.covered).toBeLessThan(report.transitions.total);
    expect(report.transitions.missing).toContainEqual({ from: 'failed', to: 'queued', event: 'SEND' });
  });

  it('reports missing states and every transition for shortest paths alone vs none at all', () => {
    const shortestOnly = coverage(sessionPaths(sessionMachine, { cover: 'none' }), sessionMachine);
    expect(shortestOnly.states.missing).toEqual([]);
    expect(shortestOnly.transitions.missing.length).toBeGreaterThan(0);
    const none = coverage([], sessionMachine);
    expect(none.states.covered).toBe(0);
    expect(none.transitions.missing).toHaveLength(none.transitions.total);
  });
});

describe('machines built on ours', () => {
  it('accepts sessionMachine.provide(...) unchanged', () => {
    const provided = sessionMachine.provide({ guards: { canRetry: () => false } });
    const paths = sessionPaths(provided);
    const report = coverage(paths, provided);
    // With retries never allowed, the two `canRetry` edges cannot be taken, and are reported.
    expect(report.transitions.missing.map((e) => `${e.from}→${e.to}`).sort()).toEqual(['resuming→suspended', 'streaming→suspended']);
  });

  it('covers a state a user adds, falling back to getShortestPaths when createTestModel refuses the machine', () => {
    const config = sessionMachine.config;
    const states = config.states!;
    // An archive feature: idle sessions can be archived; an archived session wakes up after a day.
    const archiving = createMachine(
      {
        ...config,
        states: {
          ...states,
          idle: { ...states.idle, on: { ...states.idle!.on, ARCHIVE: 'archived' } },
          archived: { on: { UNARCHIVE: 'idle' }, after: { 86_400_000: 'idle' } },
        },
      } as typeof config,
      sessionMachine.implementations,
    );
    const wake = { type: 'xstate.after.86400000.session.archived' };
    const events = (s: SessionModelSnapshot): EventObject[] => [...sessionEvents(s), { type: 'ARCHIVE' }, { type: 'UNARCHIVE' }, wake];
    const paths = sessionPaths(archiving, { events });
    const report = coverage(paths, archiving);
    console.log(`${formatCoverage('session + archived', report)} — ${paths.length} paths via ${[...new Set(paths.map((p) => p.via))].join(', ')}`);
    expect(paths.some((p) => p.via === 'createTestModel')).toBe(false);
    expect(report.states).toMatchObject({ covered: 7, total: 7 });
    expect(report.transitions.missing).toEqual([]);
  });
});

describe('the driver notices a real system that differs from the model', () => {
  it('fails with the path and step when an event is not realised', async () => {
    const broken = createSystemDriver({ provider: simulated, sessionRealisers: { PREEMPT: () => {} } });
    const path = sessionPaths(sessionMachine).find((p) => p.description.includes('—PREEMPT→'))!;
    await expect(runSessionPath(path, broken)).rejects.toThrow(/at step \d+ \(PREEMPT\): expected (streaming|resuming) → suspended, the session stayed/);
  });

  it('fails when the scheduler under the session does not preempt', async () => {
    const neverPreempts = { ...createPriorityPolicy(), planPreemptions: () => [] };
    const broken = createSystemDriver({ provider: simulated, board: { policy: neverPreempts } });
    const path = sessionPaths(sessionMachine).find((p) => p.description.includes('—PREEMPT→'))!;
    await expect(runSessionPath(path, broken)).rejects.toThrow(/PREEMPT/);
  });
});
