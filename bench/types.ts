/**
 * One line of a benchmark report: a measured figure, what it is compared against, and whether it
 * meets its target. Every field is pre-formatted text (units included) so runners can print rows
 * as they are.
 *
 * @example
 * ```ts
 * const row: BenchRow = {
 *   name: 'queue push at 90k→100k (heap push vs p-queue add)',
 *   value: '640 ns/op',
 *   baseline: '78.2 µs/op',
 *   ratio: '122×',
 *   target: '≥100×',
 *   ok: true,
 * };
 * ```
 */
export interface BenchRow {
  /** What was measured, including sizes and any caveat about how. */
  name: string;
  /** Our figure, with its unit. */
  value: string;
  /** The figure we compare against, with its unit, or '—' when there is none. */
  baseline: string;
  /** baseline ÷ value (higher is better for us), or '—' when there is no baseline. */
  ratio: string;
  /** The bar this row must clear, e.g. '≥100×' or '≤500 ns/op'. */
  target: string;
  /** Whether the measured figure clears `target`. */
  ok: boolean;
}
