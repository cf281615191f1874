import fc from 'fast-check';
import { createActor, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { machineGraph } from '../../src/diagram/machineGraph.js';
import { statechartGraph } from '../../src/diagram/statechartGraph.js';
import { stateValueKeys } from '../../src/diagram/stateValueKeys.js';
import { toSvg } from '../../src/diagram/toSvg.js';
import { schedulerMachine } from '../../src/machines/schedulerMachine.js';
import { sessionMachine } from '../../src/machines/sessionMachine.js';
import { allElements, classesOf, parseXml, textOf, type XmlElement } from './parseXml.js';
import { playerMachine } from './playerMachine.js';
import { randomMachine } from './randomMachine.js';

const stateElements = (svg: XmlElement) => allElements(svg).filter((e) => e.name === 'g' && classesOf(e).includes('sb-state'));
const transitionElements = (svg: XmlElement) => allElements(svg).filter((e) => e.name === 'g' && classesOf(e).includes('sb-transition'));
const activeKeys = (svg: XmlElement) => stateElements(svg).filter((e) => classesOf(e).includes('sb-active')).map((e) => e.attributes['data-state']);

describe('toSvg', () => {
  it.each([
    ['session', sessionMachine],
    ['scheduler', schedulerMachine],
  ] as const)('is a well-formed SVG with an element for every state and every transition of the %s machine', (name, machine) => {
    const text = toSvg(machine);
    const svg = parseXml(text);
    expect(svg.name).toBe('svg');
    expect(svg.attributes).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', class: 'sb-statechart', 'data-machine': name });
    const graph = machineGraph(machine);

    const states = stateElements(svg);
    expect(states.map((e) => e.attributes['data-state'])).toEqual(graph.states.map((s) => s.key));
    for (const [i, state] of graph.states.entries()) {
      expect(textOf(states[i]!)).toBe(state.key);
      expect(classesOf(states[i]!)).toContain(state.final ? 'sb-final' : 'sb-atomic');
    }

    const transitions = transitionElements(svg);
    expect(transitions).toHaveLength(graph.edges.length);
    for (const edge of graph.edges) {
      const matching = transitions.filter(
        (e) =>
          e.attributes['data-from'] === edge.from &&
          e.attributes['data-to'] === edge.to &&
          e.attributes['data-event'] === edge.event &&
          e.attributes['data-guard'] === edge.guard,
      );
      expect(matching, `${edge.from} -${edge.event}-> ${edge.to}`).toHaveLength(1);
      expect(textOf(matching[0]!)).toBe(edge.guard ? `${edge.event} [${edge.guard}]` : edge.event);
      expect(allElements(matching[0]!).find((e) => e.name === 'path')!.attributes['marker-end']).toBe('url(#sb-arrow)');
    }
  });

  it('needs nothing from outside: styles inside, presentation attributes on every box, no external reference', () => {
    const text = toSvg(sessionMachine);
    const svg = parseXml(text);
    expect(text).not.toMatch(/(href|src)=|@import|url\((?!#)/);
    const style = allElements(svg).find((e) => e.name === 'style')!;
    expect(textOf(style)).toContain('.sb-state.sb-active > .sb-box');
    for (const box of allElements(svg).filter((e) => classesOf(e).includes('sb-box'))) {
      expect(box.attributes).toMatchObject({ fill: expect.any(String), stroke: expect.any(String) });
    }
    expect(allElements(svg).filter((e) => e.name === 'marker').map((e) => e.attributes['id'])).toEqual(['sb-arrow', 'sb-arrow-active']);
    expect(allElements(svg).filter((e) => classesOf(e).includes('sb-initial')).map((e) => e.attributes['data-to'])).toEqual(['idle']);
  });

  it('marks exactly the given states active', () => {
    expect(activeKeys(parseXml(toSvg(sessionMachine)))).toEqual([]);
    expect(activeKeys(parseXml(toSvg(sessionMachine, { active: ['streaming'] })))).toEqual(['streaming']);
    expect(activeKeys(parseXml(toSvg(schedulerMachine, { active: ['saturated', 'idle'] })))).toEqual(['idle', 'saturated']);
    expect(transitionElements(parseXml(toSvg(sessionMachine, { active: ['streaming'] }))).filter((e) => classesOf(e).includes('sb-active'))).toEqual([]);
  });

  it('marks the states of a running actor of a user\'s machine, at every depth', () => {
    const actor = createActor(playerMachine).start();
    actor.send({ type: 'PLAY' });
    const keys = stateValueKeys(actor.getSnapshot().value);
    actor.stop();
    expect(keys).toEqual(['active', 'active.playback', 'active.playback.loading', 'active.volume', 'active.volume.normal']);
    expect(activeKeys(parseXml(toSvg(playerMachine, { active: keys }))).sort()).toEqual([...keys].sort());
  });

  it('refuses an active state the machine does not have, naming the ones it has', () => {
    expect(() => toSvg(sessionMachine, { active: ['streamin'] })).toThrow(
      /^toSvg: unknown state "streamin" in options\.active; the states of "session" are idle, queued, streaming, /,
    );
  });

  it('draws a user\'s machine with nested, parallel, history and final states, guards, delays and eventless transitions', () => {
    const svg = parseXml(toSvg(playerMachine, { title: 'Player' }));
    const chart = statechartGraph(playerMachine);
    const states = new Map(stateElements(svg).map((e) => [e.attributes['data-state']!, e]));
    expect([...states.keys()].sort()).toEqual(chart.states.map((s) => s.key).sort());
    expect(classesOf(states.get('active')!)).toEqual(['sb-state', 'sb-parallel']);
    expect(classesOf(states.get('active.playback')!)).toEqual(['sb-state', 'sb-compound', 'sb-region']);
    expect(classesOf(states.get('active.playback.done')!)).toEqual(['sb-state', 'sb-final']);
    expect(allElements(states.get('active.playback.done')!).some((e) => classesOf(e).includes('sb-final-ring'))).toBe(true);
    expect(textOf(states.get('active.playback.resume')!)).toContain('H');
    expect(textOf(states.get('active.playback.playing')!)).toBe('playing');
    const labels = transitionElements(svg).map((e) => textOf(e));
    expect(labels).toEqual(expect.arrayContaining(['after 60000ms', 'always [isLoud]', 'onDone(load)', 'onError(load)', 'PLAY [hasTrack]', 'onDone']));
    expect(transitionElements(svg)).toHaveLength(chart.edges.length);
    expect(allElements(svg).filter((e) => classesOf(e).includes('sb-initial')).map((e) => e.attributes['data-container'])).toEqual([
      'active.playback',
      'active.volume',
      '',
    ]);
    expect(textOf(allElements(svg).find((e) => e.name === 'title')!)).toBe('Player');
  });

  it('escapes markup in names, events, guards and descriptions', () => {
    const text = toSvg(playerMachine);
    expect(text).not.toContain('WEIRD<&>');
    expect(text).toContain('data-event="WEIRD&lt;&amp;&gt;" data-from="stopped" data-to="stopped" data-guard="a&lt;b &amp; &quot;c&quot;"');
    const svg = parseXml(text);
    const weird = transitionElements(svg).find((e) => e.attributes['data-event'] === 'WEIRD<&>')!;
    expect(weird.attributes['data-guard']).toBe('a<b & "c"');
    expect(textOf(weird)).toBe('WEIRD<&> [a<b & "c"]');
    const stopped = stateElements(svg).find((e) => e.attributes['data-state'] === 'stopped')!;
    expect(textOf(stopped)).toBe('Nothing plays; <PLAY> starts the first trackstopped');
  });

  it('is deterministic', () => {
    expect(toSvg(sessionMachine)).toBe(toSvg(sessionMachine));
    expect(toSvg(playerMachine, { active: ['off'] })).toBe(toSvg(playerMachine, { active: ['off'] }));
  });

  it('is well-formed, with every state and transition, for random machines', () => {
    fc.assert(
      fc.property(randomMachine, (machine: AnyStateMachine) => {
        const chart = statechartGraph(machine);
        const svg = parseXml(toSvg(machine, { active: chart.states.slice(0, 1).map((s) => s.key) }));
        expect(stateElements(svg).map((e) => e.attributes['data-state']).sort()).toEqual(chart.states.map((s) => s.key).sort());
        expect(transitionElements(svg)).toHaveLength(chart.edges.length);
        expect(activeKeys(svg)).toEqual(chart.states.slice(0, 1).map((s) => s.key));
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
