import { describeProvider, type RunConfig } from '../provider/config.js';
import type { ScenarioResult } from '../scenario/runScenario.js';
import { sessionPainter, type Palette } from './colors.js';
import { formatStatsTable } from './statsTable.js';
import { formatSeconds, plural } from './text.js';
import { formatTransitionLine } from './timeline.js';
import { formatTranscripts } from './transcripts.js';

/**
 * The report `switchboard run` prints for people: settings, timeline, stats, transcripts
 * (with the error of every session whose turn failed). `switchboard resume` prints the same
 * under its own title.
 *
 * @example
 * ```ts
 * stdout.write(formatHumanReport(result, config, 'demo.scenario', palette, 80));
 * ```
 */
export function formatHumanReport(
  result: ScenarioResult,
  config: RunConfig,
  file: string,
  palette: Palette,
  width: number,
  title = `Scenario ${file}`,
): string {
  const ids = result.sessions.map((s) => s.id);
  const paintSession = sessionPainter(palette, ids);
  const style = { palette, paintSession, nameWidth: Math.max(0, ...ids.map((id) => id.length)), decimals: 3 };
  const heading = (text: string) => palette.bold(text);
  const settings =
    config.provider === 'simulated'
      ? `${plural(config.concurrency, 'slot')}, ${plural(config.tokens, 'token')} at ${config.rate} tokens/s, ` +
        `first token after ${config.firstTokenMs} ms, seed ${config.seed}, ${config.clock} clock`
      : `${plural(config.concurrency, 'slot')}, ${describeProvider(config)}, ${config.clock} clock`;
  const timeline = result.transitions.length === 0
    ? `  ${palette.dim('(no transitions)')}`
    : result.transitions.map((t) => formatTransitionLine(t, style)).join('\n');
  return [
    `${heading(title)}  ${palette.dim(`(${settings})`)}`,
    '',
    heading(`Timeline`) + palette.dim(`  (finished after ${formatSeconds(result.durationMs, 3)})`),
    timeline,
    '',
    heading('Stats'),
    formatStatsTable(result.stats, palette),
    '',
    heading('Transcripts'),
    formatTranscripts(result.sessions, palette, paintSession, width),
    '',
  ].join('\n');
}
