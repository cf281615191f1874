import type { AnyActorRef } from 'xstate';
import type { TurnOutcome } from '../stats/createStatsRecorder.js';

/** What the scheduler understands. */
export type SchedulerEvent =
  | {
      readonly type: 'REQUEST';
      readonly turnId: string;
      readonly sessionId: string;
      readonly session: AnyActorRef;
      readonly at: number;
    }
  /**
   * A running turn gave its slot back on its own, after a transient provider fault (an
   * involuntary preemption): it waits again in its original place. A preempted turn sends
   * nothing: the scheduler re-queued it when it sent the interrupt.
   */
  | { readonly type: 'SUSPENDED'; readonly turnId: string; readonly at: number }
  | {
      readonly type: 'RELEASE';
      readonly turnId: string;
      readonly outcome: TurnOutcome;
      readonly at: number;
      readonly timeToFirstTokenMs?: number;
      /** The session's next turn, queued in the same step so the freed slot is weighed against it too. */
      readonly next?: { readonly turnId: string; readonly sessionId: string; readonly session: AnyActorRef };
    }
  | { readonly type: 'ACTIVATE'; readonly sessionId: string | null; readonly at: number }
  | { readonly type: 'STOP' };
