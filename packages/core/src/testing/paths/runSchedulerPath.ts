import { topState } from './graphEdges.js';
import type { PathRun } from './runSessionPath.js';
import type { SchedulerModelSnapshot } from './schedulerModel.js';
import type { SchedulerPath } from './schedulerPaths.js';
import { schedulerRealisers, type SchedulerRealiser } from './schedulerRealisers.js';
import type { SystemDriver, World } from './systemDriver.js';

/** Retries never run out here: a fault must always come back as SUSPENDED, as in the model. */
const UNLIMITED_RETRIES = 1_000;

const compare = (world: World, snapshot: SchedulerModelSnapshot) => {
  const real = world.board.scheduler();
  const state = topState(snapshot.value);
  if (real.state !== state) throw new Error(`expected the scheduler ${state}, it is ${real.state}`);
  // Stopping cancels every turn first, which the model's STOP does not bother to do.
  if (state === 'stopped') return;
  const model = {
    active: snapshot.facts.active,
    running: snapshot.facts.running.map((r) => r.sessionId).sort(),
    queued: snapshot.facts.queued.map((r) => r.sessionId),
  };
  const seen = { active: real.activeSessionId, running: real.running.map((r) => r.sessionId).sort(), queued: real.queued.map((r) => r.sessionId) };
  if (JSON.stringify(model) !== JSON.stringify(seen)) throw new Error(`expected ${JSON.stringify(model)}\n  real     ${JSON.stringify(seen)}`);
};

/**
 * Executes an abstract scheduler path against the real scheduler inside a real switchboard,
 * with one real session per model session, and checks `board.scheduler()` after every step:
 * its state, who runs, who waits in which order, who is in front.
 *
 * @throws Error naming the path, the step and what differed.
 * @example
 * ```ts
 * for (const path of schedulerPaths()) await runSchedulerPath(path, driver);
 * ```
 */
export async function runSchedulerPath(path: SchedulerPath, driver: SystemDriver): Promise<PathRun> {
  const first = path.steps[0]!.state;
  const world = driver.world({ slots: first.facts.slots, maxRetries: UNLIMITED_RETRIES });
  for (const id of first.facts.sessions) world.board.createSession({ id });
  const realisers: Record<string, SchedulerRealiser> = { ...schedulerRealisers, ...driver.options.schedulerRealisers };
  const states = [world.board.scheduler().state as string];
  let index = 0;
  try {
    compare(world, first);
    for (index = 1; index < path.steps.length; index++) {
      const { event, state } = path.steps[index]!;
      const realise = realisers[event.type];
      if (!realise) throw new Error(`no realiser for ${event.type}: add one to the driver's schedulerRealisers`);
      await realise({ world, path, index, event, before: path.steps[index - 1]!.state, after: state });
      compare(world, state);
      states.push(world.board.scheduler().state);
    }
    return { steps: path.steps.length - 1, virtualMs: world.clock.now(), states };
  } catch (error) {
    const step = path.steps[index];
    const at = step ? `step ${index} (${step.event.type}${'sessionId' in step.event ? ` ${step.event.sessionId}` : ''})` : 'the start';
    throw new Error(`${path.description}\n  at ${at}: ${(error as Error).message}`, { cause: error });
  } finally {
    world.board.stop();
  }
}
