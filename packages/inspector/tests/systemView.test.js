// The page's model, tested in Node: it is plain JavaScript served as is, without a build step.
import { describe, expect, it } from 'vitest';
import { activeKeys, stateText, systemAt, timelineClass } from '../public/model/systemView.js';

const records = [
  { seq: 1, at: 0, kind: 'actor', actor: 'scheduler', parent: null, machine: 'scheduler' },
  { seq: 2, at: 0, kind: 'actor', actor: 'bg', parent: null, machine: 'session' },
  { seq: 3, at: 0, kind: 'snapshot', actor: 'bg', event: 'xstate.init', status: 'active', state: 'idle' },
  { seq: 4, at: 1, kind: 'transition', actor: 'bg', from: 'idle', to: 'queued', event: 'SEND' },
  { seq: 5, at: 1, kind: 'transition', actor: 'bg', from: 'queued', to: 'streaming', event: 'GRANT' },
  { seq: 6, at: 5, kind: 'event', actor: 'bg', source: 'scheduler', event: { type: 'PREEMPT', turnId: 'm1' } },
  { seq: 7, at: 5, kind: 'transition', actor: 'bg', from: 'streaming', to: 'suspended', event: 'PREEMPT' },
  { seq: 8, at: 5, kind: 'actor', actor: 'bg/stream', parent: 'bg', machine: null },
  { seq: 9, at: 5, kind: 'snapshot', actor: 'bg/stream', event: 'xstate.stop', status: 'stopped', state: null },
];

describe('systemAt (the page as of one record)', () => {
  it('shows each actor in its state as of the record, with the states it went through', () => {
    expect(systemAt(records, 5).actors.get('bg')).toMatchObject({ state: 'streaming', path: ['idle', 'queued', 'streaming'] });
    const later = systemAt(records, 6).actors.get('bg');
    expect(later).toMatchObject({ state: 'suspended', path: ['idle', 'queued', 'streaming', 'suspended'], lastEvent: 'PREEMPT' });
    expect(systemAt(records, 8).actors.get('bg/stream')).toMatchObject({ parent: 'bg', status: 'stopped' });
    expect(systemAt(records, -1).actors.size).toBe(0);
  });

  it('marks grants and interrupts for the timeline and hides the noise', () => {
    expect(timelineClass(records[5], false)).toBe('interrupt');
    expect(timelineClass(records[6], false)).toBe('interrupt');
    expect(timelineClass(records[4], false)).toBe('transition');
    expect(timelineClass({ kind: 'event', event: { type: 'GRANT' } }, false)).toBe('grant');
    expect(timelineClass({ kind: 'event', event: { type: 'STREAM.DELTA' } }, false)).toBe(null);
    expect(timelineClass({ kind: 'event', event: { type: 'STREAM.DELTA' } }, true)).toBe('event');
    expect(timelineClass(records[2], true)).toBe(null);
  });

  it('names nested states the way diagrams key them', () => {
    expect(stateText({ serving: 'saturated' })).toBe('serving.saturated');
    expect(activeKeys({ serving: 'saturated' })).toEqual(['serving', 'serving.saturated']);
    expect(activeKeys('idle')).toEqual(['idle']);
  });
});
