import type { QueuedView, RunningRequestView } from '../../scheduler/types.js';
import type { SchedulerView } from '../../switchboard/types.js';
import type { RequestView } from '../SystemView.js';

/**
 * The request as the invariants see it, ranked by its effective priority at the moment of
 * the view. Effective priorities compared at the same moment order requests exactly as the
 * policy's static rank does (the `now` terms cancel), but computed in floating point two
 * requests of EQUAL rank (say a foreground request arriving exactly `agingMs` after a
 * background one) can come out one ulp apart, which would read as an inversion the
 * scheduler rightly did not act on. So the priority is snapped to a grid of 10⁻⁶ ms of
 * waiting: equal ranks give equal numbers, and distinct ones keep their order.
 *
 * @example
 * ```ts
 * const [head] = board.scheduler().queued;
 * if (head) toRequestView(head, 30_000).rank; // ≈ head.effectivePriority
 * ```
 */
export function toRequestView(request: QueuedView | RunningRequestView, agingMs: number): RequestView {
  const scale = agingMs * 1e6;
  return {
    turnId: request.turnId,
    sessionId: request.sessionId,
    priorityClass: request.priorityClass,
    arrivalAt: request.arrivalAt,
    rank: Math.round(request.effectivePriority * scale) / scale,
  };
}

/**
 * The running and waiting requests of a scheduler view, ranked for the invariants
 * (see {@link toRequestView}); `waiting` is in service order.
 *
 * @example
 * ```ts
 * const { running, waiting } = readRequests(board.scheduler(), 30_000);
 * noStarvation(running[0]!, waiting, 30_000);
 * ```
 */
export function readRequests(view: SchedulerView, agingMs: number): { running: RequestView[]; waiting: RequestView[] } {
  return {
    running: view.running.map((r) => toRequestView(r, agingMs)),
    waiting: view.queued.map((q) => toRequestView(q, agingMs)),
  };
}
