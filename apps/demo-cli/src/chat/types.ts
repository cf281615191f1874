import type { SessionState, SessionView } from '@switchboard/core';

/** One row of the session list. */
export interface SessionRow {
  readonly id: string;
  /** 1-based, as /switch and Alt+1..9 use it. */
  readonly number: number;
  readonly name: string;
  readonly state: SessionState;
  /** Place in the scheduler's queue (1 = served next) while the session waits, else null. */
  readonly queuePosition: number | null;
  /** Characters of the answer so far (the current turn's partial, else the last answer). */
  /** Tokens streamed so far for the turn in progress, else for the last answer. */
  readonly tokens: number;
  /** Messages waiting behind the current turn. */
  readonly pending: number;
  /** A background answer ended since the user last looked. */
  readonly unread: boolean;
  readonly active: boolean;
}

/** The status line's figures. */
export interface StatusInfo {
  readonly slotsUsed: number;
  readonly slots: number;
  readonly queuedForeground: number;
  readonly queuedBackground: number;
  readonly preemptions: number;
  readonly resumes: number;
  /** Where answers come from, e.g. "simulated" or "openai gpt-4o-mini". */
  readonly provider: string;
}

export type Overlay = 'help' | 'list' | null;

/** Everything the chat screen shows, read from the board's snapshots. */
export interface ChatSnapshot {
  readonly sessions: readonly SessionRow[];
  readonly active: SessionView | null;
  readonly status: StatusInfo;
  /** One line of feedback (a bad command, "press Ctrl+C again"), or null. */
  readonly notice: string | null;
  readonly overlay: Overlay;
}
