import type { TurnOutcome } from '../../session/types.js';
import type { Reply, SessionView } from '../../switchboard/types.js';
import type { MessageView } from '../SystemView.js';

/** One accepted message and every sign of its end seen so far. */
export interface LedgerEntry {
  readonly id: string;
  readonly sessionId: string;
  /** Settlements of `reply.result` seen (a promise settles once, so 0 or 1). */
  readonly settlements: number;
  /** Ends of `reply.events$` seen: `complete` or `error`. Synchronous with the turn's end. */
  readonly streamEnds: number;
  /** How it ended, from `result`; null until it settles. */
  readonly outcome: TurnOutcome | null;
}

/** What {@link createMessageLedger} gives back. */
export interface MessageLedger {
  /** Starts following a reply (call it right after `send`); returns the reply. */
  track(reply: Reply): Reply;
  /** Messages accepted (tracked) so far. */
  readonly accepted: number;
  /** Tracked messages with at least one end seen. */
  readonly ended: number;
  readonly entries: readonly LedgerEntry[];
  /**
   * The messages for a `SystemView`. `outcomes` is the most ends seen through any of three
   * channels: `result`, `events$`, and the transcript, which gets one `<id>:answer` message per
   * end with text. The first two cannot show a second end (a promise settles once, a closed
   * observable ignores later notifications); the transcript can.
   */
  messages(sessions: readonly SessionView[]): MessageView[];
}

interface MutableEntry {
  id: string;
  sessionId: string;
  settlements: number;
  streamEnds: number;
  outcome: TurnOutcome | null;
}

/**
 * Follows the replies of `send` to count how each message ended.
 *
 * @example
 * ```ts
 * const ledger = createMessageLedger();
 * const reply = ledger.track(board.send(a, 'Hello'));
 * await clock.runUntil(() => board.isIdle());
 * singleOutcome({ ...view, messages: ledger.messages(board.sessions()), final: true });
 * ```
 */
export function createMessageLedger(): MessageLedger {
  const entries: MutableEntry[] = [];
  let ended = 0;
  const noteEnd = (entry: MutableEntry, bump: () => void) => {
    const before = entry.settlements + entry.streamEnds;
    bump();
    if (before === 0) ended++;
  };
  return {
    track(reply) {
      const entry: MutableEntry = { id: reply.messageId, sessionId: reply.sessionId, settlements: 0, streamEnds: 0, outcome: null };
      entries.push(entry);
      reply.result.then(
        (answer) => noteEnd(entry, () => ((entry.settlements++), (entry.outcome = answer.status))),
        () => noteEnd(entry, () => ((entry.settlements++), (entry.outcome = 'failed'))),
      );
      reply.events$.subscribe({
        complete: () => noteEnd(entry, () => entry.streamEnds++),
        error: () => noteEnd(entry, () => entry.streamEnds++),
      });
      return reply;
    },
    get accepted() {
      return entries.length;
    },
    get ended() {
      return ended;
    },
    entries,
    messages(sessions) {
      const answers = new Map<string, number>();
      for (const s of sessions) {
        for (const m of s.messages) if (m.role === 'assistant') answers.set(m.id, (answers.get(m.id) ?? 0) + 1);
      }
      return entries.map((e) => ({
        id: e.id,
        sessionId: e.sessionId,
        outcomes: Math.max(e.settlements, e.streamEnds, answers.get(`${e.id}:answer`) ?? 0),
      }));
    },
  };
}
