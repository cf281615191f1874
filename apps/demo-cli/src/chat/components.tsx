/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { Box, Text } from 'ink';
import type { SessionView } from '@switchboard/core';
import { SLASH_COMMANDS } from './parseCommand.js';
import { transcriptLines, type Line } from './transcriptLines.js';
import type { SessionRow, StatusInfo } from './types.js';
import { truncate } from './wrapText.js';

const BADGE_COLOR: Record<string, string> = {
  idle: 'gray',
  queued: 'yellow',
  streaming: 'green',
  suspended: 'magenta',
  resuming: 'blue',
  failed: 'red',
};

/** The badge of a session: its state, with its place in the queue while it waits. */
export function badge(row: Pick<SessionRow, 'state' | 'queuePosition'>): string {
  return row.state === 'queued' && row.queuePosition !== null ? `queued #${row.queuePosition}` : row.state;
}

/** One line per session: number, name, badge, characters so far, pending and unread markers. */
export function SessionList({ sessions, width, maxRows }: { sessions: readonly SessionRow[]; width: number; maxRows: number }) {
  const rows = Math.max(1, maxRows);
  const activeAt = Math.max(0, sessions.findIndex((s) => s.active));
  const start = Math.min(Math.max(0, activeAt - Math.floor(rows / 2)), Math.max(0, sessions.length - rows));
  const shown = sessions.slice(start, start + rows);
  return (
    <Box flexDirection="column">
      {shown.map((s) => {
        const marks = `${s.pending ? ` +${Math.min(s.pending, 99)}` : ''}`.padEnd(4) + (s.unread ? ' ●' : '  ');
        const right = ` ${String(s.tokens).padStart(4)} tok${marks}`;
        const left = `${s.active ? '▸' : ' '}${s.number} `;
        const nameWidth = Math.max(1, width - left.length - 10 - right.length - 1);
        const name = truncate(s.name, nameWidth).padEnd(nameWidth);
        return (
          <Text key={s.id} wrap="truncate" bold={s.active}>
            {left}
            {name} <Text color={BADGE_COLOR[s.state] ?? 'white'}>{badge(s).padEnd(10)}</Text>
            {right}
          </Text>
        );
      })}
    </Box>
  );
}

/** The last `height` lines of the active session's transcript. */
export function Transcript({ session, width, height }: { session: SessionView | null; width: number; height: number }) {
  const lines: Line[] = session ? transcriptLines(session, width) : [{ text: 'no session: /new starts one', dim: true }];
  const empty: Line[] = session && lines.length === 0 ? [{ text: `${session.name}: type a message and press Enter (/help for keys)`, dim: true }] : [];
  const shown = [...lines, ...empty].slice(-Math.max(1, height));
  return (
    <Box flexDirection="column" height={Math.max(1, height)}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" {...(line.color ? { color: line.color } : {})} dimColor={line.dim === true}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
    </Box>
  );
}

/** The input line: the text typed so far, its end kept in view. */
export function InputLine({ value, width }: { value: string; width: number }) {
  const room = Math.max(1, width - 3);
  const shown = value.length >= room ? `…${value.slice(value.length - room + 2)}` : value;
  return (
    <Text wrap="truncate">
      <Text color="cyan">{'> '}</Text>
      {shown}
      <Text inverse> </Text>
    </Text>
  );
}

/** Slots in use, queued per class, preemptions, provider; or the notice when there is one. */
export function StatusLine({ status, notice, width }: { status: StatusInfo; notice: string | null; width: number }) {
  const text =
    `slots ${status.slotsUsed}/${status.slots} · queued fg ${status.queuedForeground} bg ${status.queuedBackground}` +
    ` · preempted ${status.preemptions} · ${status.provider} · /help`;
  return (
    <Box flexDirection="column">
      {notice ? (
        <Text wrap="truncate" color="yellow">
          {truncate(notice, width)}
        </Text>
      ) : null}
      <Text wrap="truncate" dimColor>
        {truncate(text, width)}
      </Text>
    </Box>
  );
}

export const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['Enter', 'send (queued as pending while an answer streams)'],
  ['Ctrl+N', 'new session'],
  ['Tab / Ctrl+Right', 'next session'],
  ['Shift+Tab / Ctrl+Left', 'previous session'],
  ['Alt+1..9', 'jump to session 1..9'],
  ['Esc', 'cancel the current answer (or close this panel)'],
  ['Ctrl+C twice', 'quit'],
];

/** Keys and slash commands. */
export function Help({ width, height }: { width: number; height: number }) {
  const rows = [...KEYS, ['', ''] as const, ...SLASH_COMMANDS];
  const col = Math.min(22, Math.max(...rows.map(([k]) => k.length)) + 2);
  const lines = ['Keys and commands (Esc or Enter closes)', ...rows.map(([k, v]) => (k === '' ? '' : `${k.padEnd(col)}${v}`))];
  return (
    <Box flexDirection="column" height={Math.max(1, height)}>
      {lines.slice(0, Math.max(1, height)).map((line, i) => (
        <Text key={i} wrap="truncate" bold={i === 0}>
          {line === '' ? ' ' : truncate(line, width)}
        </Text>
      ))}
    </Box>
  );
}

/** Every session, for /list. */
export function SessionTable({ sessions, width, height }: { sessions: readonly SessionRow[]; width: number; height: number }) {
  const lines = [
    `Sessions (Esc or Enter closes; /switch <n> or Alt+n to go)`,
    ...sessions.map(
      (s) =>
        `${s.active ? '▸' : ' '}${s.number}. ${s.name} [${badge(s)}] ${s.tokens} tok` +
        `${s.pending ? `, ${s.pending} pending` : ''}${s.unread ? ', unread' : ''}`,
    ),
  ];
  return (
    <Box flexDirection="column" height={Math.max(1, height)}>
      {lines.slice(0, Math.max(1, height)).map((line, i) => (
        <Text key={i} wrap="truncate" bold={i === 0}>
          {truncate(line, width)}
        </Text>
      ))}
    </Box>
  );
}
