import type { SessionContext } from '@switchboard/core';
import type { SessionSummary } from './InspectionRecord.js';
import type { Sanitizer } from './createSanitizer.js';

/** Whether a context is a Switchboard session's (by shape: a user's machine may reuse the id `session`). */
export function isSessionContext(context: unknown): context is SessionContext {
  if (typeof context !== 'object' || context === null) return false;
  const c = context as Partial<SessionContext>;
  return typeof c.sessionId === 'string' && Array.isArray(c.messages) && Array.isArray(c.pending) && 'turn' in c;
}

/**
 * A session's context as the inspector shows it: the turn's answer so far (cut), its
 * counters, and how many messages wait. The transcript's texts are left out: only counts.
 *
 * @example
 * ```ts
 * summarizeSession(actor.getSnapshot().context, createSanitizer({ maxTextChars: 80 }));
 * ```
 */
export function summarizeSession(context: SessionContext, clean: Sanitizer): SessionSummary {
  const { turn, error } = context;
  return {
    kind: 'session',
    turn: turn
      ? {
          id: clean.text(turn.id),
          partial: clean.text(turn.partial),
          partialChars: turn.partial.length,
          tokens: turn.tokens,
          preemptions: turn.preemptions,
          resumes: turn.resumes,
          faults: turn.faults,
        }
      : null,
    pending: context.pending.length,
    messages: context.messages.length,
    error: error ? { kind: error.kind, message: clean.text(error.message) } : null,
  };
}
