import type { TransitionRecord } from '../../switchboard/types.js';
import { topState } from './graphEdges.js';
import { sessionFacts } from './sessionModel.js';
import type { SessionPath } from './sessionPaths.js';
import { sessionRealisers, type SessionRealiser } from './sessionRealisers.js';
import { createSessionWorld } from './sessionWorld.js';
import type { SystemDriver } from './systemDriver.js';

/** What a run of one path did (its checks throw; this is for reports). */
export interface PathRun {
  /** Events executed. */
  readonly steps: number;
  /** Virtual time the run took. */
  readonly virtualMs: number;
  /** The real session's (or scheduler's) states, in order. */
  readonly states: readonly string[];
}

const describeEvent = (event: { type: string } & Record<string, unknown>) => {
  const error = event.error as { kind?: string } | undefined;
  return error?.kind ? `${event.type}(${error.kind})` : event.pending ? `${event.type}(pending)` : event.type;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Executes an abstract session path against the real switchboard and checks, after every
 * step, that the real session is in the path's next state with the same facts (turn,
 * partial, pending, counters; see `sessionFacts`).
 *
 * The session's recorded transitions are the truth: a step must add exactly the transition
 * the path says (none for a step that stays). Events in `spontaneous` (default GRANT) may
 * already have happened by the time the driver gets to them: after a transient fault the
 * scheduler hands the slot straight back, so `suspended → resuming` follows the error within
 * the same call.
 *
 * @throws Error naming the path, the step and what differed.
 * @example
 * ```ts
 * const driver = createSystemDriver({ provider: ({ clock, fault }) => createSimulatedProvider({ clock, fault }) });
 * for (const path of sessionPaths()) await runSessionPath(path, driver);
 * ```
 */
export async function runSessionPath(path: SessionPath, driver: SystemDriver): Promise<PathRun> {
  const first = path.steps[0]!.state;
  const world = createSessionWorld(driver, { maxRetries: first.context.maxRetries });
  const realisers: Record<string, SessionRealiser> = { ...sessionRealisers, ...driver.options.sessionRealisers };
  const spontaneous = new Set(driver.options.spontaneous ?? ['GRANT']);
  const log: TransitionRecord[] = [];
  const subscription = world.board.transitions$.subscribe((t) => {
    if (t.session === world.sut) log.push(t);
  });
  let cursor = 0;
  let current = topState(first.value);
  let index = 0;

  const checkFacts = (state: string, context: typeof first.context) => {
    const real = sessionFacts(world.board.session(world.sut));
    const model = sessionFacts({ state, ...context });
    if (!same(real, model)) throw new Error(`expected ${JSON.stringify(model)}\n  real     ${JSON.stringify(real)}`);
  };

  try {
    checkFacts(current, first.context);
    for (index = 1; index < path.steps.length; index++) {
      const { event, state } = path.steps[index]!;
      const to = topState(state.value);
      const pending = log[cursor];
      if (pending) {
        if (!spontaneous.has(event.type)) throw new Error(`the session moved on its own (${pending.from} → ${pending.to}) before ${event.type}`);
        if (pending.from !== current || pending.to !== to) throw new Error(`expected ${current} → ${to}, the session went ${pending.from} → ${pending.to}`);
      } else {
        const realise = realisers[event.type];
        if (!realise) throw new Error(`no realiser for ${event.type}: add one to the driver's sessionRealisers`);
        await realise({ world, path, index, event, from: current, to, before: path.steps[index - 1]!.state, after: state });
        if (world.streams.problems.length) throw new Error(world.streams.problems.join('; '));
      }
      if (to !== current) {
        const t = log[cursor];
        if (!t) throw new Error(`expected ${current} → ${to}, the session stayed ${world.board.session(world.sut).state}`);
        if (t.from !== current || t.to !== to) throw new Error(`expected ${current} → ${to}, the session went ${t.from} → ${t.to}`);
        cursor++;
      }
      current = to;
      // Facts are compared only when the real session is where the model is, not ahead of it.
      if (cursor === log.length) checkFacts(to, state.context);
    }
    return { steps: path.steps.length - 1, virtualMs: world.clock.now(), states: [topState(first.value), ...log.map((t) => t.to)] };
  } catch (error) {
    const step = path.steps[index];
    const at = step ? `step ${index} (${describeEvent(step.event as never)})` : 'the start';
    throw new Error(`${path.description}\n  at ${at}: ${(error as Error).message}`, { cause: error });
  } finally {
    subscription.unsubscribe();
    world.board.stop();
  }
}
