import type { SchedulerStats, SessionState, TransitionRecord } from '@switchboard/core';
import type { ScenarioResult } from '../scenario/runScenario.js';
import type { SimulationConfig } from '../simulation/createSimulation.js';

/** The document `switchboard run --json` prints: a stable shape for scripts and `jq`. */
export interface JsonReport {
  readonly sessions: ReadonlyArray<{
    readonly id: string;
    readonly state: SessionState;
    readonly messages: ReadonlyArray<{ readonly role: 'user' | 'assistant'; readonly content: string }>;
  }>;
  readonly transitions: readonly TransitionRecord[];
  readonly stats: SchedulerStats;
  readonly config: SimulationConfig;
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
export function buildJsonReport(result: ScenarioResult, config: SimulationConfig): JsonReport {
  return {
    sessions: result.sessions.map((s) => ({
      id: s.id,
      state: s.state,
      messages: s.messages.map((m) => ({ role: m.role, content: m.content })),
    })),
    transitions: result.transitions.map(({ at, session, from, to }) => ({ at, session, from, to })),
    stats: result.stats,
    config,
  };
}
