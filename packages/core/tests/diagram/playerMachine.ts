import { fromPromise, setup } from 'xstate';

/**
 * A user's own machine, with what ours lack: nested and parallel states, a history state,
 * guards (one combined), `after` delays, `always` transitions, an invoked actor's
 * done/error, `onDone` of a parallel state, a root-level transition into a nested state,
 * and names that need escaping.
 */
export const playerMachine = setup({
  guards: { hasTrack: () => true, isLast: () => false, isLoud: () => false, 'a<b & "c"': () => true },
  actors: { loadTrack: fromPromise(async () => 'track') },
}).createMachine({
  id: 'player',
  initial: 'stopped',
  on: { POWER_OFF: '.off', RESCUE: '.active.playback.paused' },
  states: {
    stopped: {
      description: 'Nothing plays; <PLAY> starts the first track',
      on: { PLAY: { guard: 'hasTrack', target: 'active' }, 'WEIRD<&>': { guard: 'a<b & "c"', target: 'stopped' } },
    },
    active: {
      type: 'parallel',
      on: { STOP: 'stopped' },
      onDone: 'finished',
      states: {
        playback: {
          initial: 'loading',
          states: {
            loading: { invoke: { src: 'loadTrack', id: 'load', onDone: 'playing', onError: '#player.stopped' } },
            playing: {
              on: { PAUSE: 'paused', END: { guard: 'isLast', target: 'done' }, NEXT: 'loading' },
              after: { 180000: { target: 'loading' } },
            },
            paused: { on: { PLAY: 'playing', BACK: 'resume' }, after: { 60000: '#player.stopped' } },
            resume: { type: 'history' },
            done: { type: 'final' },
          },
        },
        volume: {
          initial: 'normal',
          states: {
            normal: { on: { MUTE: 'muted', LOUDER: { guard: { type: 'and', guards: ['isLoud'] } as never, target: 'loud' } } },
            loud: { always: { guard: 'isLoud', target: 'normal' } },
            muted: { on: { UNMUTE: 'normal' } },
          },
        },
      },
    },
    finished: { always: 'stopped' },
    off: { type: 'final' },
  },
});
