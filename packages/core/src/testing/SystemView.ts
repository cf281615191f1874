import type { PriorityClass } from '../policy/types.js';

/** A request as the invariants see it. `rank` is the policy's key: higher is served first. */
export interface RequestView {
  readonly turnId: string;
  readonly sessionId: string;
  readonly rank: number;
  readonly priorityClass: PriorityClass;
  readonly arrivalAt: number;
}

/** An accepted message and how it has ended so far. */
export interface MessageView {
  readonly id: string;
  readonly sessionId: string;
  /** How many outcomes it has had: 0 while outstanding, then exactly 1. */
  readonly outcomes: number;
}

/** An answer, whole or partial, with the text an uninterrupted run gives for its conversation. */
export interface AnswerView {
  readonly messageId: string;
  readonly sessionId: string;
  readonly text: string;
  readonly expected: string;
  /** Completed answers must equal `expected`; partial ones must be a prefix of it. */
  readonly complete: boolean;
}

/**
 * A moment of a composed system (a scheduler and its sessions), in the terms the
 * invariants need. Both the exhaustive checker and the property runs build one after every
 * step; users can build one for their own systems.
 */
export interface SystemView {
  readonly slots: number;
  /** Most messages accepted and not yet answered (Infinity when unbounded). */
  readonly capacity: number;
  /** Provider streams started and not yet stopped or finished. */
  readonly liveStreams: number;
  readonly running: readonly RequestView[];
  readonly waiting: readonly RequestView[];
  readonly messages: readonly MessageView[];
  readonly answers: readonly AnswerView[];
  /** Every accepted message must have ended exactly once (the run is over). */
  readonly final: boolean;
}

/** What broke, in a sentence a person can act on. */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
}
