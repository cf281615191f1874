import type { TimelineEntry, TransitionDetail } from '../scenario/watchTransitions.js';
import { paintState, type Palette } from './colors.js';
import { formatSeconds, padPainted } from './text.js';

/** How timeline lines look; shared by `run` (exact times) and `demo` (live). */
export interface TimelineStyle {
  readonly palette: Palette;
  readonly paintSession: (id: string) => string;
  /** Width of the session column: the longest session id. */
  readonly nameWidth: number;
  /** Decimals of the seconds column. */
  readonly decimals: number;
}

// "streaming → suspended" is the longest pair: pad to it so the notes line up.
const STATES_WIDTH = 'streaming → suspended'.length;

/**
 * What a transition meant, in words, or null when the states say it all.
 *
 * @example
 * ```ts
 * describeDetail({ kind: 'preempted', partialChars: 87 }); // "preempted: partial 87 chars kept"
 * ```
 */
export function describeDetail(detail: TransitionDetail | null): string | null {
  if (detail === null) return null;
  switch (detail.kind) {
    case 'preempted':
      return detail.partialChars > 0 ? `preempted: partial ${detail.partialChars} chars kept` : 'preempted before its first token';
    case 'faulted':
      return `fault, will retry${detail.partialChars > 0 ? ` keeping ${detail.partialChars} chars` : ''}: ${detail.error}`;
    case 'resuming':
      return detail.partialChars > 0 ? `resumed: continuing after ${detail.partialChars} chars` : 'resumed: starting afresh';
    case 'ended':
      if (detail.outcome === 'completed') return `answer complete, ${detail.chars} chars`;
      if (detail.outcome === 'failed') return `failed: ${detail.error ?? 'unknown error'}`;
      return detail.chars > 0 ? `cancelled: partial ${detail.chars} chars kept` : 'cancelled before the first token';
  }
}

/**
 * One timeline line, e.g. `   0.41s  research  streaming → suspended  (preempted: partial 87 chars kept)`.
 *
 * @example
 * ```ts
 * formatTransitionLine(entry, { palette, paintSession, nameWidth: 8, decimals: 2 });
 * ```
 */
export function formatTransitionLine(entry: TimelineEntry, style: TimelineStyle): string {
  const { palette } = style;
  const time = formatSeconds(entry.at, style.decimals).padStart(5 + style.decimals);
  const name = padPainted(style.paintSession(entry.session), entry.session, style.nameWidth);
  const plainStates = `${entry.from} → ${entry.to}`;
  const states = `${paintState(palette, entry.from)} → ${paintState(palette, entry.to)}`;
  const note = describeDetail(entry.detail);
  const line = `${palette.dim(time)}  ${name}  ${note === null ? states : padPainted(states, plainStates, STATES_WIDTH)}`;
  return note === null ? line : `${line}  ${palette.dim(`(${note})`)}`;
}
