import type { PendingMessage, TranscriptMessage, Turn } from '../session/types.js';

/**
 * Moves a session's times between the switchboard's clock and the store's wall clock: the
 * machines run on a clock that starts anew with each process (or a virtual one), the store
 * keeps epoch milliseconds so that the next process reads the same instants. `shift` is added:
 * `Date.now() - clock.now()` going in, its negation coming out.
 */
export const shiftMessage = (m: TranscriptMessage, shift: number): TranscriptMessage => ({ ...m, at: m.at + shift });

export const shiftPending = (p: PendingMessage, shift: number): PendingMessage => ({ ...p, acceptedAt: p.acceptedAt + shift });

const shiftTime = (t: number | null, shift: number) => (t === null ? null : t + shift);

export const shiftTurn = (turn: Turn, shift: number): Turn => ({
  ...turn,
  acceptedAt: turn.acceptedAt + shift,
  startedAt: shiftTime(turn.startedAt, shift),
  firstTokenAt: shiftTime(turn.firstTokenAt, shift),
});
