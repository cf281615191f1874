import type { Observable } from 'rxjs';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { Clock } from '../clock/types.js';
import type { SchedulingPolicy } from '../policy/types.js';
import type { BackoffOptions } from '../retry/backoffDelay.js';
import type { Provider, ToolCall, ToolCallDelta } from '../provider/types.js';
import type { QueuedView, RunningRequestView } from '../scheduler/types.js';
import type { PendingMessage, TranscriptMessage, Turn, TurnError, TurnOutcome } from '../session/types.js';
import type { SchedulerStats } from '../stats/SchedulerStats.js';
import type { PersistOptions } from '../store/createPersister.js';
import type { SessionStore } from '../store/types.js';

/** The states of a session's statechart. */
export type SessionState = 'idle' | 'queued' | 'streaming' | 'suspended' | 'resuming' | 'failed';

export interface SwitchboardOptions {
  /** Where answers come from. */
  readonly provider: Provider;
  /** How many answers may stream at once. Default 1. */
  readonly slots?: number;
  /** Most messages accepted and not yet answered, across all sessions. Default 1000. */
  readonly queueCapacity?: number;
  /** Who goes first. Default `createPriorityPolicy()`. */
  readonly policy?: SchedulingPolicy;
  /** Time source for the machines, the scheduler and stamps. Default the wall clock. */
  readonly clock?: Clock;
  /** Transient provider faults a turn may recover from (suspend, re-queue, resume) before it fails. Default 3. */
  readonly maxRetries?: number;
  /** A stream silent this long is treated as a transient fault. Default 30 000 ms; 0 disables. */
  readonly stallTimeoutMs?: number;
  /** Backoff before a retry: exponential with jitter, never shorter than the server's Retry-After. */
  readonly backoff?: BackoffOptions;
  /** Source of jitter; inject a seeded one for reproducible runs. Default `Math.random`. */
  readonly random?: () => number;
  /** Receives XState inspection events from the scheduler and every session. */
  readonly inspect?: (event: InspectionEvent) => void;
  /**
   * Where sessions are kept across restarts and crashes. Every session in it is restored when
   * the switchboard is created: interrupted answers resume from their saved partial.
   */
  readonly store?: SessionStore;
  /** How often a streaming partial is written to the store. Default every 250 ms or 64 tokens. */
  readonly persist?: PersistOptions;
  /** Called when a write to the store fails; the switchboard goes on in memory. Default: rethrown on a later tick. */
  readonly onStoreError?: (error: unknown) => void;
}

export interface CreateSessionOptions {
  /** Unique id; default `s1`, `s2`, … */
  readonly id?: string;
  /** Display name; default the id. */
  readonly name?: string;
}

/** A session as the API shows it: read from its actor's snapshot, never from the network. */
export interface SessionView {
  readonly id: string;
  readonly name: string;
  readonly state: SessionState;
  readonly messages: readonly TranscriptMessage[];
  readonly pending: readonly PendingMessage[];
  readonly turn: Turn | null;
  readonly error: TurnError | null;
}

/** The end of a turn that did not fail. */
export interface Answer {
  readonly sessionId: string;
  readonly messageId: string;
  readonly status: Exclude<TurnOutcome, 'failed'>;
  /** The whole answer, or the partial kept when the turn was cancelled. */
  readonly content: string;
  /** Tool calls the answer ended with, if any. */
  readonly toolCalls?: readonly ToolCall[];
}

/** What happens to an answer as it streams. */
export type ReplyEvent =
  | { readonly type: 'text'; readonly text: string }
  /** The provider could not continue from the partial and started over: discard the text so far. */
  | { readonly type: 'replaced' }
  | { readonly type: 'toolCall'; readonly delta: ToolCallDelta }
  /** A suspension dropped the unfinished tool calls received so far; they will come again whole. */
  | { readonly type: 'toolCallsDiscarded' };

/** What `send` gives back: the answer as it streams, and as it ends. */
export interface Reply extends AsyncIterable<string> {
  readonly sessionId: string;
  readonly messageId: string;
  /** Resolves when the turn completes or is cancelled; rejects with `TurnFailedError` if it fails. */
  readonly result: Promise<Answer>;
  /**
   * The answer's text in pieces, from the start whenever you subscribe: their
   * concatenation is the answer (unless `events$` reports it `replaced`). Completes when
   * the turn ends; errors if it fails.
   */
  readonly text$: Observable<string>;
  /** Text, tool-call pieces, and `replaced` when a restart discards the partial. */
  readonly events$: Observable<ReplyEvent>;
}

/** A session changed state. `at` is on the switchboard's clock. */
export interface TransitionRecord {
  readonly at: number;
  readonly session: string;
  readonly from: SessionState;
  readonly to: SessionState;
}

export interface SchedulerView {
  readonly state: 'idle' | 'serving' | 'saturated' | 'stopped';
  readonly activeSessionId: string | null;
  readonly running: readonly RunningRequestView[];
  readonly queued: readonly QueuedView[];
}

/** A session as saved by a store: enough to bring it back and finish what it was doing. */
export interface SavedSession {
  readonly id: string;
  readonly name?: string;
  /** The transcript; when a turn was in progress, its user message is the last one. */
  readonly messages: readonly TranscriptMessage[];
  readonly pending: readonly PendingMessage[];
  readonly turn: { readonly id: string; readonly text: string; readonly acceptedAt: number; readonly partial: string; readonly tokens: number } | null;
}

export interface Switchboard {
  createSession(options?: CreateSessionOptions): string;
  /**
   * Brings back a saved session: its interrupted turn resumes from the saved partial, then
   * its waiting messages run, in order. They were accepted before, so the queue's capacity
   * does not apply. Returns the replies of the restored turn and waiting messages.
   */
  restoreSession(saved: SavedSession): { readonly sessionId: string; readonly replies: readonly Reply[] };
  /** The replies of the turns and waiting messages restored from the store when the switchboard was created. */
  readonly restored: readonly Reply[];
  /** Gives a session a new display name (its id stays). */
  renameSession(sessionId: string, name: string): void;
  /** Cancels everything the session has outstanding (each message ends as cancelled), stops its actor and forgets it. */
  removeSession(sessionId: string): void;
  /** Accepts a message. It queues behind the session's current turn if there is one. */
  send(sessionId: string, text: string): Reply;
  /** Makes a session the foreground one (or none, with `null`): its work outranks all other. */
  switchTo(sessionId: string | null): void;
  readonly activeSessionId: string | null;
  /** Cancels the session's current turn (queued or streaming); with `pending`, also the messages waiting behind it. */
  cancel(sessionId: string, options?: { pending?: boolean }): boolean;
  session(sessionId: string): SessionView;
  sessions(): SessionView[];
  scheduler(): SchedulerView;
  stats(): SchedulerStats;
  /** Every session state change, as it happens. */
  readonly transitions$: Observable<TransitionRecord>;
  /** Accepted messages that have not ended yet. */
  readonly outstanding: number;
  isIdle(): boolean;
  /** Resolves once every accepted message has ended. */
  whenIdle(): Promise<void>;
  /** Ends every outstanding turn as cancelled and stops all actors. */
  stop(): void;
  /** The underlying actors, for inspection and tests. */
  readonly actors: { readonly scheduler: AnyActorRef; session(sessionId: string): AnyActorRef };
}
