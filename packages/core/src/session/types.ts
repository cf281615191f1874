import type { ProviderErrorKind } from '../provider/ProviderError.js';
import type { ToolCall } from '../provider/types.js';
import type { TurnOutcome } from '../stats/createStatsRecorder.js';

export type { TurnOutcome };

/** A message of a session's transcript. */
export interface TranscriptMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly content: string;
  /** On assistant messages: how the answer ended. A cancelled or failed answer keeps its partial text. */
  readonly status?: TurnOutcome;
  /** On assistant messages that ended by calling tools. */
  readonly toolCalls?: readonly ToolCall[];
  /** On assistant messages: streamed pieces received, about one token each. */
  readonly tokens?: number;
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
  /** Streamed pieces received so far (providers send about one token per piece). */
  readonly tokens: number;
  readonly startedAt: number | null;
  readonly firstTokenAt: number | null;
  readonly preemptions: number;
  readonly resumes: number;
  /** Involuntary suspensions: transient provider faults that sent the turn back to the queue. */
  readonly faults: number;
  /** The last transient fault, kept while the turn retries (it becomes the turn's error if retries run out). */
  readonly lastFault: TurnError | null;
  /** Times the provider discarded the partial and started over (restart strategy). */
  readonly restarts: number;
  /**
   * Tool calls streaming in this attempt. Kept only when the stream finishes: a
   * preemption or fault drops them, and the resumed stream regenerates them whole, so a
   * tool call is never split across attempts.
   */
  readonly toolCalls: readonly ToolCall[];
}

/** Why a turn failed, without anything secret. */
export interface TurnError {
  readonly kind: ProviderErrorKind;
  readonly message: string;
  /** How long the server asked us to wait before trying again, if it said. */
  readonly retryAfterMs?: number;
}
