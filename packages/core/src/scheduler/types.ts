import type { PriorityClass } from '../policy/types.js';

/** A request for a slot: one turn of one session. `S` is where grants and interrupts go. */
export interface SlotRequest<S = unknown> {
  readonly turnId: string;
  readonly sessionId: string;
  readonly session: S;
  /** When the message was accepted; kept across preemptions so the turn keeps its place. */
  readonly arrivalAt: number;
  /** Acceptance order: breaks ties between equal ranks, FIFO. */
  readonly order: number;
  priorityClass: PriorityClass;
  /** Start of the current wait (arrival, or the moment it was suspended). */
  enqueuedAt: number;
  /** Suspended at least once: its next grant is a resume. */
  resumed: boolean;
}

/** A request holding a slot. */
export interface RunningRequest<S = unknown> extends SlotRequest<S> {
  rank: number;
  readonly startedAt: number;
}

/** What the scheduler decided to tell a session. */
export type SchedulerDecision<S = unknown> =
  | { readonly type: 'grant'; readonly request: RunningRequest<S> }
  | { readonly type: 'preempt'; readonly request: RunningRequest<S> };

/** A waiting request as shown to people and inspectors. */
export interface QueuedView {
  readonly turnId: string;
  readonly sessionId: string;
  readonly priorityClass: PriorityClass;
  readonly arrivalAt: number;
  readonly effectivePriority: number;
  readonly waitedMs: number;
  readonly resumed: boolean;
}

/** A running request as shown to people and inspectors. */
export interface RunningRequestView {
  readonly turnId: string;
  readonly sessionId: string;
  readonly priorityClass: PriorityClass;
  readonly arrivalAt: number;
  readonly effectivePriority: number;
  readonly runningMs: number;
}
