import { describe, expect, it } from 'vitest';
import { machineGraph } from '../../src/diagram/machineGraph.js';
import { toDot } from '../../src/diagram/toDot.js';
import { schedulerMachine } from '../../src/machines/schedulerMachine.js';
import { sessionMachine } from '../../src/machines/sessionMachine.js';
import { playerMachine } from './playerMachine.js';

/** Braces and quotes balance, as Graphviz needs them to. */
function balanced(dot: string): boolean {
  let depth = 0;
  const unquoted = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (unquoted.replaceAll('""', '').includes('"')) return false;
  for (const c of unquoted) {
    if (c === '{') depth++;
    if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('toDot', () => {
  it.each([
    ['session', sessionMachine],
    ['scheduler', schedulerMachine],
  ] as const)('draws every state and every transition of the %s machine', (name, machine) => {
    const dot = toDot(machine);
    expect(dot.startsWith(`digraph "${name}" {\n`)).toBe(true);
    expect(dot.endsWith('}\n')).toBe(true);
    expect(balanced(dot)).toBe(true);
    const graph = machineGraph(machine);
    for (const state of graph.states) {
      expect(dot).toContain(`  "${state.key}" [label="${state.key}"${state.final ? ', peripheries=2' : ''}`);
    }
    const edgeLines = dot.split('\n').filter((line) => / -> /.test(line) && !line.includes('"[*]"'));
    expect(edgeLines).toHaveLength(graph.edges.length);
    for (const edge of graph.edges) {
      const label = edge.guard ? `${edge.event} [${edge.guard}]` : edge.event;
      expect(edgeLines).toContain(`  "${edge.from}" -> "${edge.to}" [label="${label}"];`);
    }
    expect(dot).toContain(`"[*]" -> "${graph.initial}"`);
  });

  it('draws the session machine as expected', () => {
    expect(toDot(sessionMachine)).toContain('  "streaming" -> "suspended" [label="PREEMPT [isCurrentTurn]"];');
    expect(toDot(schedulerMachine)).toContain('  "stopped" [label="stopped", peripheries=2];');
  });

  it('draws nested and parallel states as clusters, and clips edges at a compound state\'s border', () => {
    const dot = toDot(playerMachine);
    expect(balanced(dot)).toBe(true);
    expect(dot).toContain('  subgraph "cluster_active" {\n    label="active (parallel)"; style="rounded"; labeljust=l;');
    expect(dot).toContain('    subgraph "cluster_active.playback" {\n      label="playback"; style="dashed"; labeljust=l;');
    expect(dot).toContain('      "active.playback.[*]" -> "active.playback.loading" [arrowsize=0.6];');
    expect(dot).toContain('      "active.playback.done" [label="done", peripheries=2];');
    expect(dot).toContain('"active.playback.resume" [label="H", shape=circle');
    // Into the parallel state: to a leaf inside, clipped at the cluster.
    expect(dot).toContain('  "stopped" -> "active.playback.loading" [label="PLAY [hasTrack]", lhead="cluster_active"];');
    expect(dot).toContain('  "active.playback.loading" -> "finished" [label="onDone", ltail="cluster_active"];');
    expect(dot).toContain('  "active.playback.paused" -> "stopped" [label="after 60000ms"];');
    expect(dot).toContain('  "active.volume.loud" -> "active.volume.normal" [label="always [isLoud]"];');
  });

  it('escapes quotes and backslashes in names and labels', () => {
    const dot = toDot(playerMachine);
    expect(dot).toContain('  "stopped" -> "stopped" [label="WEIRD<&> [a<b & \\"c\\"]"];');
    expect(balanced(dot)).toBe(true);
  });

  it('is deterministic', () => {
    expect(toDot(playerMachine)).toBe(toDot(playerMachine));
    expect(toDot(sessionMachine)).toBe(toDot(sessionMachine));
  });
});
