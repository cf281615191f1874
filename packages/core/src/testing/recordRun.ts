import { systemClock } from '../clock/systemClock.js';
import type { Clock } from '../clock/types.js';
import type { ProviderErrorKind } from '../provider/ProviderError.js';
import type { TurnOutcome } from '../session/types.js';
import type { SchedulerStats } from '../stats/SchedulerStats.js';
import type { SessionState, SessionView, Switchboard, TransitionRecord } from '../switchboard/types.js';

/** A message of a {@link RunDocument}: `status` only on an answer that did not complete. */
export interface RunDocumentMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly status?: Exclude<TurnOutcome, 'completed'>;
}

/** A session of a {@link RunDocument}. */
export interface RunDocumentSession {
  readonly id: string;
  readonly state: SessionState;
  readonly messages: readonly RunDocumentMessage[];
  /** Why the session's last turn failed, present only when it did. */
  readonly error?: { readonly kind: ProviderErrorKind; readonly message: string };
}

/**
 * The document `switchboard run --json` prints: sessions with their transcripts, every
 * transition (`at` in ms since the run started) and the scheduler's stats. Fields are
 * picked one by one, never spread, so internal additions to the views never leak into it.
 *
 * @example
 * ```ts
 * const doc: RunDocument = {
 *   sessions: [{ id: 'a', state: 'idle', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] }],
 *   transitions: [{ at: 0, session: 'a', from: 'idle', to: 'queued' }],
 *   stats: board.stats(),
 * };
 * ```
 */
export interface RunDocument {
  readonly sessions: readonly RunDocumentSession[];
  readonly transitions: readonly TransitionRecord[];
  readonly stats: SchedulerStats;
}

export interface RecordRunOptions {
  /**
   * The switchboard's clock (the one given to `createSwitchboard`). Default the wall
   * clock, which is also the switchboard's default.
   */
  readonly clock?: Clock;
  /** Clock reading that becomes time 0 of the run. Default `clock.now()` when `recordRun` is called. */
  readonly startedAt?: number;
}

/** What {@link recordRun} gives back. */
export interface RunRecorder {
  /** Every transition so far, `at` relative to the start; grows as the run goes on. */
  readonly transitions: readonly TransitionRecord[];
  /** The run as a `run --json` document, read now. */
  document(): RunDocument;
  /** Stops recording transitions (the document can still be read). Idempotent. */
  stop(): void;
}

/**
 * Records a run of `board` from now on: each session transition (with `at` in ms since the
 * start), and on demand the whole run as the `run --json` document.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const board = createSwitchboard({ provider: createSimulatedProvider({ clock }), clock });
 * const recorder = recordRun(board, { clock });
 * const a = board.createSession({ id: 'a' });
 * board.send(a, 'Hello');
 * await clock.runUntil(() => board.isIdle());
 * recorder.stop();
 * process.stdout.write(JSON.stringify(recorder.document(), null, 2));
 * ```
 */
export function recordRun(board: Switchboard, options: RecordRunOptions = {}): RunRecorder {
  const startedAt = options.startedAt ?? (options.clock ?? systemClock).now();
  const transitions: TransitionRecord[] = [];
  const subscription = board.transitions$.subscribe(({ at, session, from, to }) => {
    transitions.push({ at: at - startedAt, session, from, to });
  });
  return {
    transitions,
    document: () => ({
      sessions: board.sessions().map(documentSession),
      transitions: transitions.map(({ at, session, from, to }) => ({ at, session, from, to })),
      stats: board.stats(),
    }),
    stop: () => subscription.unsubscribe(),
  };
}

function documentSession(view: SessionView): RunDocumentSession {
  const messages = view.messages.map(
    (m): RunDocumentMessage =>
      m.role === 'assistant' && m.status !== undefined && m.status !== 'completed'
        ? { role: m.role, content: m.content, status: m.status }
        : { role: m.role, content: m.content },
  );
  return view.error
    ? { id: view.id, state: view.state, messages, error: { kind: view.error.kind, message: view.error.message } }
    : { id: view.id, state: view.state, messages };
}
