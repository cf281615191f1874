import type { ProviderErrorKind, SchedulerStats, SessionState, TransitionRecord, TurnOutcome } from '@switchboard/core';
import type { RunConfig } from '../provider/config.js';
import type { ScenarioResult } from '../scenario/runScenario.js';

/** A message of the JSON document; `status` only on an answer that did not complete. */
export interface JsonMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly status?: Exclude<TurnOutcome, 'completed'>;
}

/** The document `switchboard run --json` prints: a stable shape for scripts and `jq`. */
export interface JsonReport {
  readonly sessions: ReadonlyArray<{
    readonly id: string;
    readonly state: SessionState;
    readonly messages: readonly JsonMessage[];
    /** Why the session's last turn failed, when it did. */
    readonly error?: { readonly kind: ProviderErrorKind; readonly message: string };
  }>;
  readonly transitions: readonly TransitionRecord[];
  readonly stats: SchedulerStats;
  readonly config: RunConfig;
}

/**
 * Builds the JSON document from a run. Fields are picked one by one (not spread) so
 * that internal additions to the views never leak into a documented format.
 *
 * @example
 * ```ts
 * stdout.write(JSON.stringify(buildJsonReport(result, config), null, 2) + '\n');
 * ```
 */
export function buildJsonReport(result: ScenarioResult, config: RunConfig): JsonReport {
  return {
    sessions: result.sessions.map((s) => ({
      id: s.id,
      state: s.state,
      messages: s.messages.map((m): JsonMessage =>
        m.role === 'assistant' && m.status !== undefined && m.status !== 'completed'
          ? { role: m.role, content: m.content, status: m.status }
          : { role: m.role, content: m.content },
      ),
      ...(s.error ? { error: { kind: s.error.kind, message: s.error.message } } : {}),
    })),
    transitions: result.transitions.map(({ at, session, from, to }) => ({ at, session, from, to })),
    stats: result.stats,
    config,
  };
}
