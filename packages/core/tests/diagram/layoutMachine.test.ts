import fc from 'fast-check';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { borderPoint, overlaps, type Box, type Point } from '../../src/diagram/layout/geometry.js';
import { layoutMachine, type MachineLayout } from '../../src/diagram/layoutMachine.js';
import { statechartGraph } from '../../src/diagram/statechartGraph.js';
import { schedulerMachine } from '../../src/machines/schedulerMachine.js';
import { sessionMachine } from '../../src/machines/sessionMachine.js';
import { playerMachine } from './playerMachine.js';
import { randomMachine } from './randomMachine.js';

const isWithin = (key: string, container: string) => key.startsWith(`${container}.`);
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 1e-6 && inner.y >= outer.y - 1e-6 && inner.x + inner.width <= outer.x + outer.width + 1e-6 && inner.y + inner.height <= outer.y + outer.height + 1e-6;
const onBorder = (box: Box, p: Point) => {
  const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
  const inX = p.x >= box.x - 0.01 && p.x <= box.x + box.width + 0.01;
  const inY = p.y >= box.y - 0.01 && p.y <= box.y + box.height + 0.01;
  return (inX && (near(p.y, box.y) || near(p.y, box.y + box.height))) || (inY && (near(p.x, box.x) || near(p.x, box.x + box.width)));
};

/** Every geometric promise of the layout, as failures (empty when kept). */
function broken(layout: MachineLayout): string[] {
  const problems: string[] = [];
  const states = layout.states;
  const byKey = new Map(states.map((s) => [s.key, s]));
  const numbers = JSON.stringify(layout).match(/-?\d+(\.\d+)?(e[+-]?\d+)?|NaN|Infinity|null/g) ?? [];
  if (numbers.some((n) => n === 'NaN' || n === 'Infinity' || n === 'null')) problems.push('a coordinate is not a finite number');
  const page: Box = { x: 0, y: 0, width: layout.width, height: layout.height };
  for (const state of states) {
    if (!contains(page, state)) problems.push(`${state.key} is outside the drawing`);
    if (state.parent !== undefined && !contains(byKey.get(state.parent)!, state)) problems.push(`${state.key} sticks out of ${state.parent}`);
  }
  for (let i = 0; i < states.length; i++) {
    for (let j = i + 1; j < states.length; j++) {
      const [a, b] = [states[i]!, states[j]!];
      if (isWithin(a.key, b.key) || isWithin(b.key, a.key)) continue;
      if (overlaps(a, b)) problems.push(`${a.key} overlaps ${b.key}`);
    }
  }
  const labels = layout.transitions.map((t) => t.labelBox);
  layout.transitions.forEach((t, i) => {
    if (!contains(page, t.labelBox)) problems.push(`label ${i} (${t.label}) is outside the drawing`);
    for (const state of states) {
      // A label may lie inside a compound state (it belongs to a transition drawn in it), never on a box it is not in.
      if (overlaps(state, t.labelBox) && !((state.kind === 'compound' || state.kind === 'parallel') && contains(state, t.labelBox))) {
        problems.push(`label ${i} (${t.label}) overlaps ${state.key}`);
      }
    }
    for (let j = i + 1; j < labels.length; j++) if (overlaps(t.labelBox, labels[j]!)) problems.push(`label ${i} overlaps label ${j}`);
    if (!onBorder(byKey.get(t.from)!, t.points[0]!)) problems.push(`transition ${i} does not start on ${t.from}'s border`);
    if (!onBorder(byKey.get(t.to)!, t.points.at(-1)!)) problems.push(`transition ${i} does not end on ${t.to}'s border`);
  });
  return problems;
}

describe('layoutMachine', () => {
  it.each([
    ['session', sessionMachine],
    ['scheduler', schedulerMachine],
    ['player (nested, parallel, history)', playerMachine],
  ] as const)('places %s without overlaps, children inside parents, routes from border to border', (_name, machine) => {
    const layout = layoutMachine(machine);
    expect(broken(layout)).toEqual([]);
    const chart = statechartGraph(machine);
    expect(layout.states.map((s) => s.key)).toEqual(chart.states.map((s) => s.key));
    expect(layout.transitions.map(({ from, to, event, guard }) => ({ from, to, event, ...(guard ? { guard } : {}) }))).toEqual(
      chart.edges.map(({ from, to, event, guard }) => ({ from, to, event, ...(guard ? { guard } : {}) })),
    );
  });

  it('has a checker that sees overlaps, strays and loose ends', () => {
    const layout = layoutMachine(sessionMachine);
    const [idle, queued] = [layout.states[0]!, layout.states[1]!];
    const moved = { ...layout, states: layout.states.map((s) => (s === queued ? { ...s, x: idle.x + 5, y: idle.y + 5 } : s)) };
    expect(broken(moved)).toEqual(expect.arrayContaining(['idle overlaps queued', expect.stringMatching(/does not (start|end) on queued's border/)]));
    const label = layout.transitions[0]!;
    const covered = { ...layout, transitions: [{ ...label, labelBox: { ...label.labelBox, x: idle.x, y: idle.y } }, ...layout.transitions.slice(1)] };
    expect(broken(covered)).toContain(`label 0 (${label.label}) overlaps idle`);
  });

  it('keeps its promises for random machines of up to three levels', () => {
    fc.assert(
      fc.property(randomMachine, (machine: AnyStateMachine) => {
        expect(broken(layoutMachine(machine))).toEqual([]);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('puts the initial state first, left to right by distance from it', () => {
    const layout = layoutMachine(sessionMachine);
    const x = (key: string) => layout.states.find((s) => s.key === key)!.x;
    expect(x('idle')).toBeLessThan(x('queued'));
    expect(x('queued')).toBeLessThan(x('streaming'));
    expect(layout.initials).toHaveLength(1);
    const [initial] = layout.initials;
    expect(initial!.to).toBe('idle');
    expect(initial!.center.x).toBeLessThan(x('idle'));
  });

  it('marks an initial state in every compound state, none in a parallel one', () => {
    const layout = layoutMachine(playerMachine);
    expect(layout.initials.map((i) => [i.container, i.to])).toEqual([
      ['active.playback', 'active.playback.loading'],
      ['active.volume', 'active.volume.normal'],
      ['', 'stopped'],
    ]);
    const regions = layout.states.filter((s) => s.region).map((s) => s.key);
    expect(regions).toEqual(['active.playback', 'active.volume']);
  });

  it('stacks the labels of transitions between the same two states on one route', () => {
    const layout = layoutMachine(sessionMachine);
    const toQueued = layout.transitions.filter((t) => t.from === 'streaming' && t.to === 'queued');
    expect(toQueued.length).toBeGreaterThan(1);
    expect(new Set(toQueued.map((t) => t.path)).size).toBe(1);
    const tops = toQueued.map((t) => t.labelBox.y);
    expect(new Set(tops).size).toBe(tops.length);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(layoutMachine(sessionMachine))).toBe(JSON.stringify(layoutMachine(sessionMachine)));
    expect(JSON.stringify(layoutMachine(playerMachine))).toBe(JSON.stringify(layoutMachine(playerMachine)));
  });

  it('clips a line to the box it leaves', () => {
    expect(borderPoint({ x: 0, y: 0, width: 100, height: 40 }, { x: 300, y: 20 })).toEqual({ x: 100, y: 20 });
    expect(borderPoint({ x: 0, y: 0, width: 100, height: 40 }, { x: 50, y: -100 })).toEqual({ x: 50, y: 0 });
  });
});
