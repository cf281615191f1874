import { ProviderError } from '../../provider/ProviderError.js';
import type { SchedulerModelEvent, SchedulerModelSnapshot } from './schedulerModel.js';
import type { SchedulerPath } from './schedulerPaths.js';
import type { World } from './systemDriver.js';

/** One step of a scheduler path, as a realiser sees it. */
export interface SchedulerStepContext {
  readonly world: World;
  readonly path: SchedulerPath;
  readonly index: number;
  readonly event: SchedulerModelEvent;
  readonly before: SchedulerModelSnapshot;
  readonly after: SchedulerModelSnapshot;
}

/** Makes the real switchboard send the scheduler one model event. */
export type SchedulerRealiser = (step: SchedulerStepContext) => void | Promise<void>;

/** Runs the clock until the session has handled one more event. */
async function untilReacts(world: World, sessionId: string, what: string) {
  const actor = world.board.actors.session(sessionId);
  const before = actor.getSnapshot();
  await world.advanceUntil(() => actor.getSnapshot() !== before, what);
}

/**
 * How each scheduler event is produced by real sessions (model session ids are real ones):
 * - `REQUEST` → `board.send` to an idle session;
 * - `RELEASE` cancelled → `board.cancel`; completed → the session's stream finishes;
 * - `SUSPENDED` → the session's stream fails with a transient error (through the provider's
 *   fault hook) and the session, with retries left, gives its slot back;
 * - `ACTIVATE` → `board.switchTo`; `STOP` → `board.stop()`.
 *
 * @example
 * ```ts
 * createSystemDriver({ provider, schedulerRealisers: { ...schedulerRealisers, STOP: ({ world }) => myShutdown(world.board) } });
 * ```
 */
export const schedulerRealisers: Readonly<Record<string, SchedulerRealiser>> = {
  REQUEST: ({ world, event }) => {
    if (event.type === 'REQUEST') world.send(event.sessionId, `turn ${event.turnId}`);
  },
  RELEASE: async ({ world, event }) => {
    if (event.type !== 'RELEASE') return;
    if (event.outcome === 'cancelled') {
      world.board.cancel(event.sessionId);
      return;
    }
    world.streams.command(event.sessionId, { type: 'done' });
    await untilReacts(world, event.sessionId, `the end of ${event.sessionId}'s answer`);
  },
  SUSPENDED: async ({ world, event }) => {
    if (event.type !== 'SUSPENDED') return;
    world.streams.command(event.sessionId, { type: 'error', error: new ProviderError('network', 'The connection dropped.') });
    await untilReacts(world, event.sessionId, `a transient fault of ${event.sessionId}'s stream`);
  },
  ACTIVATE: ({ world, event }) => {
    if (event.type === 'ACTIVATE') world.board.switchTo(event.sessionId);
  },
  STOP: ({ world }) => world.board.stop(),
};
