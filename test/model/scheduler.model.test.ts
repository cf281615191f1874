import { createPriorityPolicy, machineGraph, schedulerMachine } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { countSteps, driver, runAll, simulated } from './driver.js';
import { coverage, createSystemDriver, formatCoverage, runSchedulerPath, schedulerPaths } from '@switchboard/core/testing';

describe('scheduler machine: model-based paths', () => {
  const started = performance.now();
  const paths = schedulerPaths(schedulerMachine);
  const generatedMs = Math.round(performance.now() - started);

  it('covers idle, serving, saturated and stopped, and every transition of machineGraph', () => {
    const report = coverage(paths, schedulerMachine);
    console.log(`${formatCoverage('scheduler', report)} — ${paths.length} paths, ${countSteps(paths)} steps, generated in ${generatedMs} ms`);
    expect(report.states).toMatchObject({ covered: 4, total: 4, missing: [] });
    expect(report.transitions).toMatchObject({ covered: report.transitions.total, missing: [] });
    // The root-level STOP is drawn from every state that is not final.
    expect(machineGraph(schedulerMachine).edges.map((e) => `${e.from}→${e.to}`)).toEqual([
      'idle→serving',
      'idle→stopped',
      'serving→saturated',
      'serving→idle',
      'serving→stopped',
      'saturated→serving',
      'saturated→stopped',
    ]);
  });

  paths.forEach((path, i) => {
    it(`runs against the real scheduler: #${i + 1} ${path.description}`, async () => {
      const run = await runSchedulerPath(path, driver);
      expect(run.states.at(-1)).toBe(path.description.split(' ').at(-1));
    });
  });

  for (const bounds of [
    { slots: 1, sessions: ['a', 'b'] },
    { slots: 2, sessions: ['a', 'b', 'c'] },
  ]) {
    it(`runs every abstract transition with ${bounds.slots} slot(s) and ${bounds.sessions.length} sessions against the real scheduler`, async () => {
      const all = schedulerPaths(schedulerMachine, { ...bounds, cover: 'abstract' });
      const kinds = new Set(all.flatMap((p) => p.steps.slice(1).map((s) => s.event.type)));
      const { failures, ms } = await runAll(all, (p) => runSchedulerPath(p, driver));
      console.log(
        `scheduler (${bounds.slots} slot(s), ${bounds.sessions.length} sessions, abstract transitions): ${all.length} paths, ` +
          `${countSteps(all)} steps, ran in ${ms} ms, ${failures.length} failures; ${formatCoverage('scheduler', coverage(all, schedulerMachine))}`,
      );
      expect(failures).toEqual([]);
      expect([...kinds].sort()).toEqual(['ACTIVATE', 'RELEASE', 'REQUEST', 'STOP', 'SUSPENDED']);
    });
  }
});

describe('the scheduler coverage check itself', () => {
  it('reports the eventless transitions a smaller path set misses', () => {
    const paths = schedulerPaths(schedulerMachine);
    const releases = (p: (typeof paths)[number]) => p.steps.some((s) => s.event.type === 'RELEASE');
    const report = coverage(paths.filter((p) => !releases(p)), schedulerMachine);
    console.log(`scheduler without its RELEASE paths: ${formatCoverage('scheduler', report)}`);
    expect(report.transitions.missing).toEqual([
      { from: 'serving', to: 'idle', event: 'always', guard: 'idle' },
      { from: 'saturated', to: 'serving', event: 'always', guard: 'notSaturated' },
    ]);
  });
});

describe('the scheduler driver notices a real system that differs from the model', () => {
  it('fails when the real policy never preempts', async () => {
    const neverPreempts = { ...createPriorityPolicy(), planPreemptions: () => [] };
    const broken = createSystemDriver({ provider: simulated, board: { policy: neverPreempts } });
    const all = schedulerPaths(schedulerMachine, { cover: 'abstract' });
    const { failures } = await runAll(all, (p) => runSchedulerPath(p, broken));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatch(/at step \d+ \((ACTIVATE|REQUEST) \w\): expected \{.*\}\n\s+real/);
  });
});
