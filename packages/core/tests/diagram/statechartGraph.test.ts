import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { machineGraph } from '../../src/diagram/machineGraph.js';
import { statechartGraph } from '../../src/diagram/statechartGraph.js';
import { transitionLabel } from '../../src/diagram/transitionLabel.js';
import { stateValueKeys } from '../../src/diagram/stateValueKeys.js';
import { schedulerMachine } from '../../src/machines/schedulerMachine.js';
import { sessionMachine } from '../../src/machines/sessionMachine.js';
import { playerMachine } from './playerMachine.js';

describe('statechartGraph', () => {
  it.each([
    ['session', sessionMachine],
    ['scheduler', schedulerMachine],
  ] as const)('draws the flat %s machine exactly as machineGraph lists it', (_name, machine) => {
    const chart = statechartGraph(machine);
    const flat = machineGraph(machine);
    expect(chart.edges).toEqual(flat.edges);
    expect(chart.states.map((s) => s.key)).toEqual(flat.states.map((s) => s.key));
    expect(chart.states.map((s) => s.kind === 'final')).toEqual(flat.states.map((s) => s.final));
    expect(chart.initial).toBe(flat.initial);
    expect(chart.parallel).toBe(false);
  });

  it('names nested states by their dotted path, with kind, parent and initial child', () => {
    const chart = statechartGraph(playerMachine);
    expect(chart.states.map((s) => [s.key, s.kind, s.parent ?? '-'])).toEqual([
      ['stopped', 'atomic', '-'],
      ['active', 'parallel', '-'],
      ['active.playback', 'compound', 'active'],
      ['active.playback.loading', 'atomic', 'active.playback'],
      ['active.playback.playing', 'atomic', 'active.playback'],
      ['active.playback.paused', 'atomic', 'active.playback'],
      ['active.playback.resume', 'history', 'active.playback'],
      ['active.playback.done', 'final', 'active.playback'],
      ['active.volume', 'compound', 'active'],
      ['active.volume.normal', 'atomic', 'active.volume'],
      ['active.volume.loud', 'atomic', 'active.volume'],
      ['active.volume.muted', 'atomic', 'active.volume'],
      ['finished', 'atomic', '-'],
      ['off', 'final', '-'],
    ]);
    const byKey = new Map(chart.states.map((s) => [s.key, s]));
    expect(byKey.get('active.playback')!.initial).toBe('active.playback.loading');
    expect(byKey.get('active')!.initial).toBeUndefined();
    expect(byKey.get('active.playback.resume')!.history).toBe('shallow');
    expect(byKey.get('stopped')!.description).toBe('Nothing plays; <PLAY> starts the first track');
    expect(chart.initial).toBe('stopped');
  });

  it('reads delays, eventless, done and error transitions, combined guards and root-level transitions into nested states', () => {
    const labels = statechartGraph(playerMachine).edges.map((e) => `${e.from} → ${e.to}: ${transitionLabel(e)}`);
    expect(labels).toEqual([
      'stopped → active: PLAY [hasTrack]',
      'stopped → stopped: WEIRD<&> [a<b & "c"]',
      'stopped → off: POWER_OFF',
      'stopped → active.playback.paused: RESCUE',
      'active → stopped: STOP',
      'active → finished: onDone',
      'active → off: POWER_OFF',
      'active → active.playback.paused: RESCUE',
      'active.playback.loading → active.playback.playing: onDone(load)',
      'active.playback.loading → stopped: onError(load)',
      'active.playback.playing → active.playback.paused: PAUSE',
      'active.playback.playing → active.playback.done: END [isLast]',
      'active.playback.playing → active.playback.loading: NEXT',
      'active.playback.playing → active.playback.loading: after 180000ms',
      'active.playback.paused → active.playback.playing: PLAY',
      'active.playback.paused → active.playback.resume: BACK',
      'active.playback.paused → stopped: after 60000ms',
      'active.volume.normal → active.volume.muted: MUTE',
      'active.volume.normal → active.volume.loud: LOUDER [isLoud]',
      'active.volume.loud → active.volume.normal: always [isLoud]',
      'active.volume.muted → active.volume.normal: UNMUTE',
      'finished → stopped: always',
      'finished → off: POWER_OFF',
      'finished → active.playback.paused: RESCUE',
    ]);
    const delayed = statechartGraph(playerMachine).edges.find((e) => e.delay === 60000)!;
    expect(delayed.event).toBe('xstate.after.60000.player.active.playback.paused');
  });

  it('has no initial state for a parallel machine, and draws a named delay by name', () => {
    const chart = statechartGraph(
      createMachine({
        type: 'parallel',
        states: { a: { initial: 'x', states: { x: { after: { patience: 'y' } }, y: {} } }, b: {} },
      }),
    );
    expect(chart.parallel).toBe(true);
    expect(chart.initial).toBeUndefined();
    expect(chart.edges.map(transitionLabel)).toEqual(['after patience']);
  });

  it('lets machineGraph, the top-level view, point a nested target at its top-level ancestor', () => {
    const edges = machineGraph(playerMachine).edges.filter((e) => e.event === 'RESCUE');
    expect(edges.map((e) => `${e.from}→${e.to}`)).toEqual(['stopped→active', 'active→active', 'finished→active']);
  });
});

describe('stateValueKeys', () => {
  it('lists a snapshot value as drawing keys, parents before children', () => {
    expect(stateValueKeys('idle')).toEqual(['idle']);
    expect(stateValueKeys({ active: { playback: 'paused', volume: 'muted' } })).toEqual([
      'active',
      'active.playback',
      'active.playback.paused',
      'active.volume',
      'active.volume.muted',
    ]);
  });
});
