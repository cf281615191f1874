/** Foreground work belongs to the session the user is looking at; everything else is background. */
export type PriorityClass = 'foreground' | 'background';

/** What the policy needs to know about a request to rank it. */
export interface RankInput {
  readonly priorityClass: PriorityClass;
  /** When the message was accepted. A preempted request keeps it, so it never loses its place. */
  readonly arrivalAt: number;
}

/** A request holding a slot, as the policy sees it. */
export interface RunningView {
  readonly id: string;
  readonly rank: number;
  readonly startedAt: number;
}

/** A waiting request, as the policy sees it. */
export interface WaitingView {
  readonly id: string;
  readonly rank: number;
}

/**
 * Decides who is served. The scheduler machine asks it; it keeps no state and does no I/O,
 * so it can be swapped (for instance for a deliberately broken one in a test).
 */
export interface SchedulingPolicy {
  /** Wait, in ms, after which a background request outranks a new foreground one. */
  readonly agingMs: number;
  /**
   * A time-independent key: higher is served first. Aging is built in, so comparing ranks
   * gives the same answer as comparing effective priorities at any moment.
   */
  rank(request: RankInput): number;
  /** Priority level at `now`: the class's weight plus one level per `agingMs` of waiting. */
  effectivePriority(request: RankInput, now: number): number;
  /**
   * Which running requests to interrupt now, given every running request and the best
   * waiting ones in service order.
   */
  planPreemptions(running: readonly RunningView[], waiting: readonly WaitingView[]): string[];
}
