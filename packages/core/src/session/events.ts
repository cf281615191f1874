import type { FinishReason, ToolCallDelta, Usage } from '../provider/types.js';
import type { ProviderError } from '../provider/ProviderError.js';
import type { PendingMessage, TranscriptMessage, TurnError, TurnOutcome } from './types.js';

/**
 * What a session understands. Every event carries `at`, the time it happened on the
 * switchboard's clock: the machine never reads a clock itself, so replaying the same
 * events gives the same snapshots.
 */
export type SessionEvent =
  | { readonly type: 'SEND'; readonly messageId: string; readonly text: string; readonly at: number }
  /**
   * Brings back a session saved before a crash or a restart: its transcript, the messages
   * waiting, and the turn that was in progress with its partial. A fresh session only.
   */
  | {
      readonly type: 'RESTORE';
      readonly messages: readonly TranscriptMessage[];
      readonly pending: readonly PendingMessage[];
      readonly turn: { readonly id: string; readonly text: string; readonly acceptedAt: number; readonly partial: string; readonly tokens: number } | null;
      readonly at: number;
    }
  /** Cancels the turn in progress; with `pending: true`, every message waiting behind it too. */
  | { readonly type: 'CANCEL'; readonly at: number; readonly pending?: boolean }
  | { readonly type: 'GRANT'; readonly turnId: string; readonly at: number }
  | { readonly type: 'PREEMPT'; readonly turnId: string; readonly at: number }
  | StreamReport;

/** Sent by the stream actor; `attempt` tells a live stream from one already stopped. */
export type StreamReport =
  | {
      readonly type: 'STREAM.DELTA';
      readonly attempt: number;
      readonly text: string;
      /** How many provider deltas were coalesced into this event (about one token each); default 1. */
      readonly pieces?: number;
      readonly at: number;
    }
  | {
      readonly type: 'STREAM.DONE';
      readonly attempt: number;
      readonly reason: FinishReason;
      readonly usage?: Usage;
      readonly at: number;
    }
  | { readonly type: 'STREAM.ERROR'; readonly attempt: number; readonly error: ProviderError; readonly at: number }
  /** The provider discards the partial and starts over (restart strategy). */
  | { readonly type: 'STREAM.RESTART'; readonly attempt: number; readonly at: number }
  | { readonly type: 'STREAM.TOOL_CALL'; readonly attempt: number; readonly delta: ToolCallDelta; readonly at: number };

/** What a session tells the world (through `actor.on(...)`). */
export type SessionEmitted =
  /** The session is leaving a state; its snapshot already shows the new one. */
  | { readonly type: 'stateExited' }
  | { readonly type: 'delta'; readonly turnId: string; readonly text: string }
  /** The answer so far was discarded and starts over (restart continuation strategy). */
  | { readonly type: 'replaced'; readonly turnId: string }
  | { readonly type: 'toolCallDelta'; readonly turnId: string; readonly delta: ToolCallDelta }
  /** Unfinished tool calls were dropped by a suspension; the resumed stream sends them again whole. */
  | { readonly type: 'toolCallsDiscarded'; readonly turnId: string }
  | {
      readonly type: 'turnEnded';
      readonly turnId: string;
      readonly outcome: TurnOutcome;
      /** The assistant message, or null when the turn was cancelled before any token. */
      readonly answer: TranscriptMessage | null;
      readonly error: TurnError | null;
    };
