import type { ExploreResult } from './exploreSystem.js';

/**
 * One paragraph for people: the bounds, how much was explored, and either "all invariants
 * hold" or the broken invariant with the shortest sequence of actions that breaks it.
 *
 * @example
 * ```ts
 * console.log(formatExploreResult(exploreSystem(bounds)));
 * ```
 */
export function formatExploreResult(result: ExploreResult): string {
  const b = result.bounds;
  const head =
    `${b.sessions} sessions, ${b.slots} slot${b.slots === 1 ? '' : 's'}, ≤ ${b.messagesPerSession} messages per session, ` +
    `${b.tokens} tokens per answer, ≤ ${b.maxRetries} retries, capacity ${b.capacity}, ${b.ticks} aging tick(s): ` +
    `${result.states.toLocaleString('en-US')} states, ${result.transitions.toLocaleString('en-US')} transitions, depth ${result.depth}, ${(result.ms / 1000).toFixed(1)} s`;
  if (!result.violation) return `${head} — all invariants hold`;
  const { invariant, message, trace } = result.violation;
  return `${head}\n  VIOLATION of ${invariant}: ${message}\n  shortest trace (${trace.length} steps): ${trace.join(' → ')}`;
}
