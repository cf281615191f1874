import type { Percentiles, SchedulerStats } from '@switchboard/core';
import type { Palette } from './colors.js';
import { formatMs } from './text.js';

const percentiles = (p: Percentiles, palette: Palette) =>
  p.count === 0 ? palette.dim('no samples') : `p50 ${formatMs(p.p50)}   p99 ${formatMs(p.p99)}   ${palette.dim(`(n=${p.count})`)}`;

/**
 * The scheduler's stats as an aligned two-column table, one row per line.
 *
 * @example
 * ```ts
 * stdout.write(formatStatsTable(board.stats(), palette) + '\n');
 * ```
 */
export function formatStatsTable(stats: SchedulerStats, palette: Palette, indent = '  '): string {
  const rows: Array<[string, string]> = [
    ['slots', String(stats.slots)],
    ['preemptions', String(stats.preemptions)],
    ['retries', String(stats.retries)],
    ['resumes', String(stats.resumes)],
    ['completions', String(stats.completions)],
    ['cancellations', String(stats.cancellations)],
    ['failures', String(stats.failures)],
    ['wait, foreground', percentiles(stats.wait.foreground, palette)],
    ['wait, background', percentiles(stats.wait.background, palette)],
    ['time to first token', percentiles(stats.timeToFirstToken, palette)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`).join('\n');
}
