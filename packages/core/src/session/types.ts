import type { ProviderErrorKind } from '../provider/ProviderError.js';
import type { TurnOutcome } from '../stats/createStatsRecorder.js';

export type { TurnOutcome };

/** A message of a session's transcript. */
export interface TranscriptMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly content: string;
  /** On assistant messages: how the answer ended. A cancelled or failed answer keeps its partial text. */
  readonly status?: TurnOutcome;
  readonly at: number;
}

/** A message accepted while the session was busy: it waits for the current turn to end. */
export interface PendingMessage {
  readonly id: string;
  readonly text: string;
  readonly acceptedAt: number;
}

/** The turn in progress: one user message and the answer being produced for it. */
export interface Turn {
  /** The user message's id; the assistant message gets `${id}:answer`. */
  readonly id: string;
  readonly text: string;
  readonly acceptedAt: number;
  /** Everything received so far. Survives suspension; a resume continues from it. */
  readonly partial: string;
  readonly startedAt: number | null;
  readonly firstTokenAt: number | null;
  readonly preemptions: number;
  readonly resumes: number;
}

/** Why a turn failed, without anything secret. */
export interface TurnError {
  readonly kind: ProviderErrorKind;
  readonly message: string;
}
