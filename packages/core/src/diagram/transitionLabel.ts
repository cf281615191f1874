import type { StatechartEdge } from './statechartGraph.js';

/**
 * What triggers a transition, for people: the event type, except for XState's own events
 * (`after 500ms`, `onDone`, `onDone(fetchUser)`, `onError(fetchUser)`). The guard is
 * separate: see {@link transitionLabel}.
 *
 * @example
 * ```ts
 * triggerLabel({ from: 'a', to: 'b', event: 'xstate.after.500.m.a', delay: 500 }); // 'after 500ms'
 * triggerLabel({ from: 'a', to: 'b', event: 'SEND' }); // 'SEND'
 * ```
 */
export function triggerLabel(edge: StatechartEdge): string {
  if (edge.delay !== undefined) return `after ${typeof edge.delay === 'number' ? `${edge.delay}ms` : edge.delay}`;
  if (edge.event.startsWith('xstate.done.state.')) return 'onDone';
  for (const [prefix, name] of [
    ['xstate.done.actor.', 'onDone'],
    ['xstate.error.actor.', 'onError'],
    ['xstate.snapshot.', 'onSnapshot'],
  ] as const) {
    if (edge.event.startsWith(prefix)) return `${name}(${edge.event.slice(prefix.length)})`;
  }
  return edge.event;
}

/**
 * The label every drawing puts on a transition: its trigger, then its guard in brackets.
 *
 * @example
 * ```ts
 * transitionLabel({ from: 'queued', to: 'streaming', event: 'GRANT', guard: 'isCurrentTurn' }); // 'GRANT [isCurrentTurn]'
 * ```
 */
export function transitionLabel(edge: StatechartEdge): string {
  const trigger = triggerLabel(edge);
  return edge.guard ? `${trigger} [${edge.guard}]` : trigger;
}
