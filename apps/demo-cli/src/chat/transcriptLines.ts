import type { SessionView } from '@switchboard/core';
import { wrapText } from './wrapText.js';

/** One screen line of a transcript. */
export interface Line {
  readonly text: string;
  readonly color?: string;
  readonly dim?: boolean;
}

const LABEL = 5;

function block(label: string, text: string, width: number, style: Omit<Line, 'text'> = {}): Line[] {
  const inner = Math.max(1, width - LABEL);
  return wrapText(text, inner).map((part, i) => ({ ...style, text: `${i === 0 ? label.padEnd(LABEL) : ' '.repeat(LABEL)}${part}` }));
}

/**
 * The lines a session's transcript takes at `width` columns: its messages, the answer
 * in progress (its partial, whatever the turn's state) and the messages pending behind it.
 *
 * @example
 * ```ts
 * transcriptLines(board.session('s1'), 80).slice(-20);
 * ```
 */
export function transcriptLines(session: SessionView, width: number): Line[] {
  const lines: Line[] = [];
  const turnAnswerId = session.turn ? `${session.turn.id}:answer` : null;
  for (const message of session.messages) {
    if (message.role === 'user') {
      lines.push(...block('you', message.content, width, { color: 'cyan' }));
      continue;
    }
    if (message.id === turnAnswerId) continue;
    lines.push(...block('ai', message.content, width));
    if (message.status === 'cancelled') lines.push(...block('', '[cancelled]', width, { dim: true }));
    if (message.status === 'failed') lines.push(...block('', '[failed]', width, { color: 'red' }));
  }
  const turn = session.turn;
  if (turn) {
    if (!session.messages.some((m) => m.id === turn.id)) lines.push(...block('you', turn.text, width, { color: 'cyan' }));
    const note: Record<string, string> = {
      queued: turn.partial ? '[queued: waiting for a slot]' : '[queued: waiting for a slot…]',
      streaming: '▍',
      suspended: '[suspended: partial kept, resumes when a slot frees]',
      resuming: '[resuming…]',
    };
    const suffix = note[session.state] ?? '';
    const text = turn.partial === '' ? suffix : suffix === '▍' ? `${turn.partial}▍` : `${turn.partial} ${suffix}`;
    if (text !== '') lines.push(...block('ai', text, width));
    if (turn.lastFault) lines.push(...block('', `[retrying after: ${turn.lastFault.message}]`, width, { color: 'yellow' }));
  }
  for (const pending of session.pending) {
    lines.push(...block('you', `${pending.text}  (pending: sent after the current answer)`, width, { dim: true }));
  }
  if (session.error && !turn) lines.push(...block('!', `error (${session.error.kind}): ${session.error.message}`, width, { color: 'red' }));
  return lines;
}
