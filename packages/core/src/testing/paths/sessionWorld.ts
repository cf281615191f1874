import type { AnyActorRef } from 'xstate';
import type { StreamCommand } from './controlledProvider.js';
import type { SystemDriver, World } from './systemDriver.js';

/**
 * A world for one session-path run: the session under test, plus two helpers that make the
 * scheduler do what a path needs. There is one slot.
 * - `blocker` (background, like the session under test) holds the slot, or waits for it;
 * - `preemptor` is the active (foreground) session: its message interrupts any background stream.
 */
export interface SessionWorld extends World {
  readonly sut: string;
  readonly blocker: string;
  readonly preemptor: string;
  /** The actor of the session under test: its snapshot changes with every event it handles. */
  readonly sutActor: AnyActorRef;
  /** Makes sure someone else holds the slot: the blocker takes it if it is free. */
  occupySlot(): void;
  /** Makes the blocker wait for the slot, so it (not the session's next turn) gets it when released. */
  queueSuccessor(): void;
  /** Ends every helper's work, waiting ones first, so the slot goes to the session under test. */
  freeSlot(): void;
  /** The foreground preemptor sends a message: the scheduler interrupts the background stream. */
  preempt(): void;
  /** Tells the session's stream what to do next and runs the clock until the session reacts. */
  stream(command: StreamCommand, what: string): Promise<void>;
}

/**
 * Builds a {@link SessionWorld} on a fresh switchboard with one slot.
 *
 * @example
 * ```ts
 * const w = createSessionWorld(driver, { maxRetries: 1 });
 * w.occupySlot();
 * w.send(w.sut, 'hello'); // queued: the blocker holds the slot
 * ```
 */
export function createSessionWorld(driver: SystemDriver, options: { readonly maxRetries: number }): SessionWorld {
  const world = driver.world({ slots: 1, maxRetries: options.maxRetries });
  const { board } = world;
  const sut = board.createSession({ id: 'sut' });
  const blocker = board.createSession({ id: 'blocker' });
  const preemptor = board.createSession({ id: 'preemptor' });
  board.switchTo(preemptor);
  const sutActor = board.actors.session(sut);
  const busy = (id: string) => board.session(id).turn !== null;
  const helpers = [blocker, preemptor];

  return {
    ...world,
    sut,
    blocker,
    preemptor,
    sutActor,
    occupySlot() {
      if (world.running().length === 0) world.send(blocker, 'hold the slot');
    },
    queueSuccessor() {
      if (!busy(blocker)) world.send(blocker, 'wait for the slot');
      if (!world.queued().includes(blocker)) throw new Error(`the blocker should wait for the slot, but it is ${board.session(blocker).state}`);
    },
    freeSlot() {
      const running = world.running();
      const order = [...helpers.filter((h) => !running.includes(h)), ...helpers.filter((h) => running.includes(h))];
      for (const helper of order) if (busy(helper) || board.session(helper).pending.length) board.cancel(helper, { pending: true });
    },
    preempt() {
      world.send(preemptor, 'urgent');
    },
    async stream(command, what) {
      const before = sutActor.getSnapshot();
      world.streams.command(sut, command);
      await world.advanceUntil(() => sutActor.getSnapshot() !== before, what);
    },
  };
}
