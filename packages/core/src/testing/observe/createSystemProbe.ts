import { systemClock } from '../../clock/systemClock.js';
import type { Clock } from '../../clock/types.js';
import type { Reply, Switchboard } from '../../switchboard/types.js';
import { checkInvariants } from '../checkInvariants.js';
import type { SystemView, Violation } from '../SystemView.js';
import { createGrantWatcher, type GrantRecord } from './grantWatcher.js';
import { createMessageLedger, type LedgerEntry } from './messageLedger.js';
import { readAnswers, type ExpectedAnswer } from './readAnswers.js';
import { readRequests } from './readRequests.js';

export interface SystemProbeOptions {
  readonly board: Switchboard;
  /** The board's provider, wrapped with `observeProvider` (only `liveStreams` is read). */
  readonly observed: { readonly liveStreams: number };
  /** The policy's aging (`policy.agingMs`). */
  readonly agingMs: number;
  /** The answer an uninterrupted run gives to a conversation. */
  readonly expected: ExpectedAnswer;
  /** The board's `queueCapacity`; default 1000, the switchboard's default. */
  readonly capacity?: number;
  /** The board's clock, for grant times and waits; default the wall clock, the switchboard's default. */
  readonly clock?: Clock;
}

/** What {@link createSystemProbe} gives back. */
export interface SystemProbe {
  /** `board.send`, with the reply followed so its outcome is counted. Send everything through here. */
  send(sessionId: string, text: string): Reply;
  /** Takes a scheduler view for the grant watcher; `view` and `check` do it too. */
  observe(): void;
  /** The system now, in the invariants' terms (also an observation for the grant watcher). */
  view(final?: boolean): SystemView;
  /**
   * Everything broken now: starvation found at grants since the last `check`, the state
   * invariants of `view(final)`, and the bookkeeping checks (`outstanding`: the board's
   * count equals accepted − ended; `outcome`: the scheduler's outcome counters add up to
   * the messages that ended).
   */
  check(final?: boolean): Violation[];
  readonly grants: readonly GrantRecord[];
  /** Every starvation violation found so far. */
  readonly starvation: readonly Violation[];
  readonly longestTurnMs: number;
  readonly accepted: number;
  readonly ended: number;
  readonly messages: readonly LedgerEntry[];
}

/**
 * Builds `SystemView`s of a live switchboard, and watches it for starvation at every grant.
 * Requests come from `board.scheduler()` ranked by effective priority, messages and their
 * outcomes from the replies of `probe.send`, answers from the transcripts.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const observed = observeProvider(createSimulatedProvider({ clock, tokens: 8 }));
 * const board = createSwitchboard({ provider: observed.provider, clock, slots: 1 });
 * const probe = createSystemProbe({
 *   board, observed, clock, agingMs: 30_000,
 *   expected: (conversation) => simulatedReply(conversation, { tokens: 8, seed: 0 }).join(''),
 * });
 * probe.send(board.createSession(), 'Hello');
 * await clock.runUntil(() => probe.check().length > 0 || board.isIdle());
 * expect(probe.check(true)).toEqual([]);
 * ```
 */
export function createSystemProbe(options: SystemProbeOptions): SystemProbe {
  const { board, observed, agingMs, expected, capacity = 1000, clock = systemClock } = options;
  const ledger = createMessageLedger();
  const watcher = createGrantWatcher({ agingMs });
  let starvationReported = 0;
  // Fixed for the board's life; read once, since `stats()` computes percentiles.
  const slots = board.stats().slots;

  const view = (final = false): SystemView => {
    const scheduler = board.scheduler();
    watcher.observe(scheduler, clock.now());
    const sessions = board.sessions();
    const { running, waiting } = readRequests(scheduler, agingMs);
    return {
      slots,
      capacity,
      liveStreams: observed.liveStreams,
      running,
      waiting,
      messages: ledger.messages(sessions),
      answers: readAnswers(sessions, expected),
      final,
    };
  };

  return {
    send: (sessionId, text) => ledger.track(board.send(sessionId, text)),
    observe: () => watcher.observe(board.scheduler(), clock.now()),
    view,
    check(final = false) {
      const current = view(final);
      const broken = watcher.violations.slice(starvationReported);
      starvationReported = watcher.violations.length;
      broken.push(...checkInvariants(current));
      const outstanding = ledger.accepted - ledger.ended;
      if (board.outstanding !== outstanding) {
        broken.push({
          invariant: 'outstanding',
          message: `the board counts ${board.outstanding} outstanding messages, but ${ledger.accepted} were accepted and ${ledger.ended} ended`,
        });
      }
      const stats = board.stats();
      const counted = stats.completions + stats.cancellations + stats.failures;
      if (counted !== ledger.ended) {
        broken.push({
          invariant: 'outcome',
          message: `the scheduler counted ${counted} outcomes (${stats.completions} completed, ${stats.cancellations} cancelled, ${stats.failures} failed) for ${ledger.ended} messages that ended`,
        });
      }
      return broken;
    },
    get grants() {
      return watcher.grants;
    },
    get starvation() {
      return watcher.violations;
    },
    get longestTurnMs() {
      return watcher.longestTurnMs;
    },
    get accepted() {
      return ledger.accepted;
    },
    get ended() {
      return ledger.ended;
    },
    messages: ledger.entries,
  };
}
