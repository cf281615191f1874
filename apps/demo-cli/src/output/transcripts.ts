import type { SessionView } from '@switchboard/core';
import { paintState, type Palette } from './colors.js';
import { wrapText } from './text.js';

/**
 * Each session's transcript: a heading with its final state, then its messages wrapped
 * to `width`. Answers that did not complete say so, since they hold only a partial; a
 * session whose last turn failed ends with the reason.
 *
 * @example
 * ```ts
 * stdout.write(formatTranscripts(board.sessions(), palette, paintSession, 80) + '\n');
 * ```
 */
export function formatTranscripts(
  sessions: readonly SessionView[],
  palette: Palette,
  paintSession: (id: string) => string,
  width: number,
): string {
  const indent = '    ';
  const label = (role: 'user' | 'assistant') => (role === 'user' ? palette.bold('you') : palette.bold('ai '));
  return sessions
    .map((session) => {
      const heading = `  ${paintSession(session.id)} ${palette.dim('(')}${paintState(palette, session.state)}${palette.dim(')')}`;
      const lines = session.messages.map((message) => {
        const status = message.role === 'assistant' && message.status !== undefined && message.status !== 'completed';
        // The role label takes 4 columns; continuation lines are indented to match.
        const body = wrapText(message.content, Math.max(20, width - indent.length - 4), `${indent}    `);
        const text = message.role === 'user' ? palette.bold(body) : body;
        // An answer that failed before its first token has no text: only its status is shown.
        const words = [text, status ? palette.yellow(`[${message.status}]`) : ''].filter((w) => w !== '').join(' ');
        return `${indent}${label(message.role)} ${words}`;
      });
      if (lines.length === 0) lines.push(`${indent}${palette.dim('(no messages)')}`);
      // Why the last turn failed: the [failed] answer alone holds at most a partial.
      if (session.error) {
        const error = wrapText(`${session.error.message} (${session.error.kind})`, Math.max(20, width - indent.length - 9), `${indent}         `);
        lines.push(`${indent}${palette.red('✗ failed:')} ${error}`);
      }
      return [heading, ...lines].join('\n');
    })
    .join('\n\n');
}
