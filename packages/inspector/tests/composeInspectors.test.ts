import { createActor, createMachine, type InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { composeInspectors } from '../src/index.js';

describe('composeInspectors', () => {
  it('hands every raw event to each receiver in order, even when one throws', () => {
    const seen: string[] = [];
    const inspect = composeInspectors(
      (event: InspectionEvent) => seen.push(`a:${event.type}`),
      () => {
        throw new Error('offline');
      },
      undefined,
      { inspect: (event: InspectionEvent) => seen.push(`b:${event.type}`) },
    );
    const actor = createActor(createMachine({ initial: 'x', states: { x: { on: { GO: 'y' } }, y: {} } }), { inspect }).start();
    actor.send({ type: 'GO' });
    expect(actor.getSnapshot().value).toBe('y');
    const a = seen.filter((s) => s.startsWith('a:')).map((s) => s.slice(2));
    const b = seen.filter((s) => s.startsWith('b:')).map((s) => s.slice(2));
    expect(a).toEqual(b);
    expect(a).toContain('@xstate.event');
    // Each event reaches a before b.
    expect(seen.slice(0, 2)).toEqual(['a:@xstate.actor', 'b:@xstate.actor']);
  });
});
