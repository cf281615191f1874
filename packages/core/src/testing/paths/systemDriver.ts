import { createVirtualClock, type VirtualClock } from '../../clock/createVirtualClock.js';
import type { Provider } from '../../provider/types.js';
import { createSwitchboard } from '../../switchboard/createSwitchboard.js';
import type { Reply, Switchboard, SwitchboardOptions } from '../../switchboard/types.js';
import { createControlledProvider, type ControlledProvider, type FaultHook } from './controlledProvider.js';
import type { SchedulerRealiser } from './schedulerRealisers.js';
import type { SessionRealiser } from './sessionRealisers.js';

/** What the driver builds each world from, and how it realises events. */
export interface SystemDriverOptions {
  /**
   * Builds the provider the streams read from, given the virtual clock and the fault hook to
   * wire in. With the simulated provider:
   * `({ clock, fault }) => createSimulatedProvider({ clock, fault, tokens: 40 })`.
   */
  readonly provider: (hooks: { readonly clock: VirtualClock; readonly fault: FaultHook }) => Provider;
  /** Switchboard options for every world (the runners set `slots` and `maxRetries` from the path). */
  readonly board?: Partial<Omit<SwitchboardOptions, 'provider' | 'clock'>>;
  /** Builds the system under test; default `createSwitchboard`. Pass yours if it wraps ours. */
  readonly createBoard?: (options: SwitchboardOptions) => Switchboard;
  /** Most virtual time one step may take to show its effect. Default 10 000 ms. */
  readonly stepTimeoutMs?: number;
  /** How session-path events are realised, by event type: yours are added to, or replace, the defaults. */
  readonly sessionRealisers?: Readonly<Record<string, SessionRealiser>>;
  /** How scheduler-path events are realised, by event type. */
  readonly schedulerRealisers?: Readonly<Record<string, SchedulerRealiser>>;
  /** Session-path events the system may take on its own, before the driver acts. Default `['GRANT']`. */
  readonly spontaneous?: readonly string[];
}

/** One fresh system: a switchboard on its own virtual clock, with a controlled provider. */
export interface World {
  readonly clock: VirtualClock;
  readonly board: Switchboard;
  readonly streams: ControlledProvider;
  /** Sends a message tagged as `sessionId`'s, so the provider knows whose stream it is. */
  send(sessionId: string, text: string): Reply;
  /** Runs the clock until `done()` holds; throws, naming `what`, if it does not within the step timeout. */
  advanceUntil(done: () => boolean, what: string): Promise<void>;
  /** Sessions holding a slot, and waiting for one (in service order). */
  running(): string[];
  queued(): string[];
}

/** Creates a fresh {@link World} per path. */
export interface SystemDriver {
  readonly options: SystemDriverOptions;
  /** A fresh world; each path runs in its own. */
  world(board?: Partial<Omit<SwitchboardOptions, 'provider' | 'clock'>>): World;
}

/** Retries after a fault wait a fixed, short backoff: no jitter, nothing random. */
const DETERMINISTIC: Partial<SwitchboardOptions> = { backoff: { baseMs: 10, maxMs: 100, jitter: 0 }, random: () => 0.5 };

/**
 * Creates the driver that executes abstract paths against the real implementation: each path
 * gets a new `createSwitchboard` on a virtual clock, whose provider is the one you give,
 * wrapped so that the driver decides when a stream produces what (see
 * `createControlledProvider`). No sleeps: time moves only through `advanceUntil`.
 *
 * @example
 * ```ts
 * const driver = createSystemDriver({
 *   provider: ({ clock, fault }) => createSimulatedProvider({ clock, fault, tokens: 40, firstTokenMs: 20 }),
 * });
 * for (const path of sessionPaths()) await runSessionPath(path, driver);
 * ```
 */
export function createSystemDriver(options: SystemDriverOptions): SystemDriver {
  const stepTimeoutMs = options.stepTimeoutMs ?? 10_000;
  const build = options.createBoard ?? createSwitchboard;
  return {
    options,
    world(boardOptions = {}) {
      const clock = createVirtualClock();
      const streams = createControlledProvider((fault) => options.provider({ clock, fault }));
      const board = build({ ...DETERMINISTIC, ...options.board, ...boardOptions, provider: streams.provider, clock });
      const view = () => board.scheduler();
      return {
        clock,
        board,
        streams,
        send: (sessionId, text) => board.send(sessionId, streams.tag(sessionId, text)),
        async advanceUntil(done, what) {
          const reached = await clock.runUntil(done, { maxMs: stepTimeoutMs });
          if (streams.problems.length) throw new Error(streams.problems.join('; '));
          if (!reached) throw new Error(`${what} did not happen within ${stepTimeoutMs} ms of virtual time`);
        },
        running: () => view().running.map((r) => r.sessionId),
        queued: () => view().queued.map((r) => r.sessionId),
      };
    },
  };
}
