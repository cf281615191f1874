import { plural } from '../output/text.js';
import { formatTime } from './formatTime.js';
import { hasUnfinishedWork, type SessionSummary } from './summarise.js';

/** What a session has left to do, in a few words; empty when nothing. */
function unfinished(s: SessionSummary): string {
  const parts: string[] = [];
  if (s.unfinishedChars === 0) parts.push('answer not started');
  else if (s.unfinishedChars !== null) parts.push(`answer at ${plural(s.unfinishedChars, 'char')}`);
  if (s.pending > 0) parts.push(`${s.pending} waiting`);
  return parts.join(', ');
}

/**
 * The table `switchboard sessions list` prints: id, name, state, messages, last update and
 * unfinished work, then a hint when a resume has something to do.
 *
 * @example
 * ```ts
 * stdout.write(formatSessionTable(store.loadAll().sessions.map(summarise), 'chats.db'));
 * ```
 */
export function formatSessionTable(rows: readonly SessionSummary[], db: string): string {
  if (rows.length === 0) return `no sessions in ${db}\n`;
  const table = [
    ['ID', 'NAME', 'STATE', 'MESSAGES', 'UPDATED', 'UNFINISHED'],
    ...rows.map((s) => [s.id, s.name, s.state, String(s.messages), formatTime(Date.parse(s.updatedAt)), unfinished(s)]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => (i === 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  const busy = rows.filter(hasUnfinishedWork).length;
  if (busy > 0) {
    lines.push('', `${plural(busy, 'session')} with unfinished work: "switchboard resume --db ${db}" finishes it (so does opening the chat on it)`);
  }
  return `${lines.join('\n')}\n`;
}
