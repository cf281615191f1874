import type { LoadedSession } from '@switchboard/core';
import { plural } from '../output/text.js';
import { formatTime } from './formatTime.js';

/** A message's text as a Markdown block; an answer that has no text yet says so. */
const body = (text: string) => (text.trim() === '' ? '_(no text)_' : text.trimEnd());

/**
 * One session as a readable Markdown transcript: a heading with its name, a line with its
 * id, state and times, then every message under a "You" or "Assistant" heading. An answer
 * that did not complete, the unfinished answer and the messages waiting behind it are
 * marked, so the file shows exactly what was kept.
 *
 * @param level the heading level of the session (2 when several share a document)
 * @example
 * ```ts
 * writeFileSync('research.md', exportSessionMarkdown(store.loadSession('research')!, 1));
 * ```
 */
export function exportSessionMarkdown(loaded: LoadedSession, level = 1): string {
  const { session, turn } = loaded;
  const h = (n: number) => '#'.repeat(level + n);
  const lines = [
    `${h(0)} ${session.name}`,
    '',
    `Session \`${session.id}\` · ${session.state} · ${plural(loaded.messages.length, 'message')} · ` +
      `created ${formatTime(session.createdAt)} · updated ${formatTime(session.updatedAt)}`,
    '',
  ];
  for (const m of loaded.messages) {
    const status = m.role === 'assistant' && m.status !== undefined && m.status !== 'completed' ? ` (${m.status})` : '';
    lines.push(`${h(1)} ${m.role === 'user' ? 'You' : 'Assistant'}${status} · ${formatTime(m.at)}`, '', body(m.content), '');
  }
  if (turn !== null) {
    lines.push(`${h(1)} Assistant (unfinished: "switchboard resume" or the chat finishes it)`, '', body(turn.partial), '');
  }
  for (const p of loaded.pending) {
    lines.push(`${h(1)} You (waiting for an answer) · ${formatTime(p.acceptedAt)}`, '', body(p.text), '');
  }
  return lines.join('\n');
}

/**
 * Several sessions in one Markdown document, each under its own heading.
 *
 * @example
 * ```ts
 * process.stdout.write(exportMarkdown(store.loadAll().sessions));
 * ```
 */
export function exportMarkdown(sessions: readonly LoadedSession[]): string {
  if (sessions.length === 1) return exportSessionMarkdown(sessions[0]!, 1);
  const parts = sessions.map((s) => exportSessionMarkdown(s, 2));
  return [`# Switchboard sessions (${sessions.length})`, '', ...parts].join('\n');
}
