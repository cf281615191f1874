import type { LoadedSession } from '@switchboard/core';
import type { Palette } from '../output/colors.js';
import { plural, wrapText } from '../output/text.js';
import { formatTime } from './formatTime.js';

/**
 * One stored session for `switchboard sessions show`: a heading, then the transcript with
 * each answer that did not complete marked, the unfinished answer (its partial) marked as
 * such, and the messages waiting behind it.
 *
 * @example
 * ```ts
 * stdout.write(formatSession(store.loadSession('research')!, 'chats.db', createPalette(false), 80));
 * ```
 */
export function formatSession(loaded: LoadedSession, db: string, palette: Palette, width: number): string {
  const { session, turn } = loaded;
  const indent = '  ';
  const wrap = (text: string) => wrapText(text, Math.max(20, width - indent.length - 4), `${indent}    `);
  const line = (label: string, text: string, mark = '') =>
    `${indent}${palette.bold(label)} ${[text === '' ? '' : wrap(text), mark].filter((w) => w !== '').join(' ')}`;
  const lines = [
    `${palette.bold(session.name)} ${palette.dim(`(${session.id})`)}  ${session.state}, ${plural(loaded.messages.length, 'message')}`,
    palette.dim(`created ${formatTime(session.createdAt)}, updated ${formatTime(session.updatedAt)}`),
    '',
  ];
  for (const m of loaded.messages) {
    const status = m.role === 'assistant' && m.status !== undefined && m.status !== 'completed' ? palette.yellow(`[${m.status}]`) : '';
    lines.push(line(m.role === 'user' ? 'you' : 'ai ', m.content, status));
  }
  if (turn !== null) {
    const mark = palette.yellow(`[unfinished: ${plural(turn.partial.length, 'character')} so far]`);
    lines.push(line('ai ', turn.partial, mark));
  }
  for (const p of loaded.pending) lines.push(line('you', p.text, palette.yellow('[waiting]')));
  if (loaded.messages.length === 0 && loaded.pending.length === 0) lines.push(`${indent}${palette.dim('(no messages)')}`);
  if (turn !== null || loaded.pending.length > 0) {
    lines.push('', palette.dim(`"switchboard resume --db ${db}" finishes the unfinished work`));
  }
  return `${lines.join('\n')}\n`;
}
