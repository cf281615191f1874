/**
 * What the inspector shows and records: plain JSON, made from XState's inspection events
 * by {@link createInspectionAdapter}, with every text cut to a limit and every known secret
 * redacted. No actor refs, no provider, no options: a record can be written to a file or
 * sent to a page as it is.
 */

/** A state value as JSON: a state's name, or nested states as an object. */
export type StateValueJson = string | { readonly [key: string]: StateValueJson };

/** JSON, after sanitising: what an event's payload or a context becomes. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

interface RecordBase {
  /** 1, 2, 3, … in the order the adapter saw them. */
  readonly seq: number;
  /** Time on the switchboard's clock (ms), from the `at` its events carry. */
  readonly at: number;
  /** The actor the record is about: a session id, `scheduler`, or `<session>/stream` for a session's stream. */
  readonly actor: string;
}

/** An actor started. */
export interface ActorRecord extends RecordBase {
  readonly kind: 'actor';
  readonly parent: string | null;
  /** The machine's id (`session`, `scheduler`, or a user's), or null for non-machine logic such as a stream. */
  readonly machine: string | null;
}

/** An event was delivered to `actor`. */
export interface EventRecord extends RecordBase {
  readonly kind: 'event';
  /** Who sent it; null when it came from outside the actors (the switchboard's API). */
  readonly source: string | null;
  /** The event's type and its sanitised payload. */
  readonly event: { readonly type: string; readonly [key: string]: JsonValue };
}

/** The actor's state changed inside one step (XState's microstep). */
export interface TransitionRecord extends RecordBase {
  readonly kind: 'transition';
  readonly from: StateValueJson | null;
  readonly to: StateValueJson;
  /** The type of the event that caused it. */
  readonly event: string;
}

/** The actor's state after it handled an event, with a summary of its context. */
export interface SnapshotRecord extends RecordBase {
  readonly kind: 'snapshot';
  readonly event: string;
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  /** Null for logic without states (a stream). */
  readonly state: StateValueJson | null;
  readonly summary?: ActorSummary;
}

export type InspectionRecord = ActorRecord | EventRecord | TransitionRecord | SnapshotRecord;

/** A session's context, cut down to what a person watching needs. */
export interface SessionSummary {
  readonly kind: 'session';
  readonly turn: {
    readonly id: string;
    /** The answer so far, cut to `maxTextChars`. */
    readonly partial: string;
    /** The answer's real length. */
    readonly partialChars: number;
    readonly tokens: number;
    readonly preemptions: number;
    readonly resumes: number;
    readonly faults: number;
  } | null;
  /** Messages waiting behind the turn. */
  readonly pending: number;
  /** Messages in the transcript. */
  readonly messages: number;
  readonly error: { readonly kind: string; readonly message: string } | null;
}

/** One request in the scheduler's queue or slots. */
export interface RequestSummary {
  readonly turnId: string;
  readonly sessionId: string;
  readonly priorityClass: string;
  readonly effectivePriority: number;
  /** Queued: how long it has waited this time. Running: how long it has held its slot. */
  readonly ms: number;
  /** Queued only: it was suspended before, its grant will be a resume. */
  readonly resumed?: boolean;
}

/** The scheduler's context: the queue in service order and the running slots. */
export interface SchedulerSummary {
  readonly kind: 'scheduler';
  readonly slots: number;
  readonly active: string | null;
  readonly running: readonly RequestSummary[];
  /** The first {@link MAX_QUEUE_SHOWN} waiting requests. */
  readonly queued: readonly RequestSummary[];
  /** How many wait in all. */
  readonly queuedTotal: number;
}

/** Any other machine: its context, sanitised and depth-limited. */
export interface ContextSummary {
  readonly kind: 'context';
  readonly context: JsonValue;
}

export type ActorSummary = SessionSummary | SchedulerSummary | ContextSummary;

/** More queued requests than this are counted, not listed: a record stays small under load. */
export const MAX_QUEUE_SHOWN = 50;
