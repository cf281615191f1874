import type { StateValue } from 'xstate';

/**
 * The keys, as the drawings name them, of every state a snapshot is in: a compound
 * state and its active child, every region of a parallel state. Pass them to
 * `toSvg(machine, { active })`, or mark `[data-state="<key>"]` in a page.
 *
 * @example
 * ```ts
 * stateValueKeys('streaming'); // ['streaming']
 * stateValueKeys({ player: { playback: 'paused', volume: 'muted' } });
 * // ['player', 'player.playback', 'player.playback.paused', 'player.volume', 'player.volume.muted']
 * ```
 */
export function stateValueKeys(value: StateValue, parent = ''): string[] {
  const key = (name: string) => (parent === '' ? name : `${parent}.${name}`);
  if (typeof value === 'string') return [key(value)];
  return Object.entries(value).flatMap(([name, inner]) => [key(name), ...(inner === undefined ? [] : stateValueKeys(inner, key(name)))]);
}
