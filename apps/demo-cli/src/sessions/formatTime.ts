/**
 * A stored time (epoch ms) for people, in UTC so that an export reads the same wherever
 * it is opened: `2026-11-25 16:40:03 UTC`.
 *
 * @example
 * ```ts
 * formatTime(0); // "1970-01-01 00:00:00 UTC"
 * ```
 */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
