import type { SystemView, Violation } from '../SystemView.js';

/**
 * Invariant 3: every accepted message ends in exactly one outcome (never two; and once the
 * run is over, none is left without one).
 *
 * @example
 * ```ts
 * singleOutcome({ ...view, final: true });
 * ```
 */
export function singleOutcome(view: SystemView): Violation | null {
  for (const m of view.messages) {
    if (m.outcomes > 1) return { invariant: 'outcome', message: `message ${m.id} (${m.sessionId}) ended ${m.outcomes} times` };
    if (view.final && m.outcomes === 0) return { invariant: 'outcome', message: `message ${m.id} (${m.sessionId}) never ended` };
  }
  return null;
}
