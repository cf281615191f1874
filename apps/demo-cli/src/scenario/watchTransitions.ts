import type { Switchboard, TransitionRecord, TurnOutcome } from '@switchboard/core';

/** What a transition meant for the turn in progress, read from the session at that moment. */
export type TransitionDetail =
  | { readonly kind: 'preempted'; readonly partialChars: number }
  /** Suspended by a transient provider fault (429, 5xx, a dropped or stalled stream): it will retry. */
  | { readonly kind: 'faulted'; readonly partialChars: number; readonly error: string }
  | { readonly kind: 'resuming'; readonly partialChars: number }
  | { readonly kind: 'ended'; readonly outcome: TurnOutcome; readonly chars: number; readonly error?: string };

/** A transition with `at` relative to the start of the run, and what it meant. */
export interface TimelineEntry extends TransitionRecord {
  readonly detail: TransitionDetail | null;
}

export interface WatchOptions {
  /** Clock reading that becomes time 0. */
  readonly start: number;
  /** Turns two clock readings into the reported duration (exact or rounded). */
  readonly span: (from: number, to: number) => number;
}

/**
 * Subscribes to `board.transitions$` and hands each transition on with its meaning.
 *
 * The session's view must be read synchronously here: it already shows the state the
 * transition led to (the partial kept by a suspension, the answer a turn ended with),
 * and a moment later the next turn may have replaced it.
 *
 * @returns a function that stops watching
 * @example
 * ```ts
 * const stop = watchTransitions(board, { start: clock.now(), span: (a, b) => b - a }, (e) => console.log(e));
 * ```
 */
export function watchTransitions(board: Switchboard, options: WatchOptions, listener: (entry: TimelineEntry) => void): () => void {
  // session → id of its turn in progress, so that the turn a transition ended can be found.
  const turns = new Map<string, string | null>();
  // turn id → faults seen so far, so that a suspension can be told apart from a preemption.
  const faults = new Map<string, number>();
  const subscription = board.transitions$.subscribe((record) => {
    const view = board.session(record.session);
    const previous = turns.get(record.session) ?? null;
    turns.set(record.session, view.turn?.id ?? null);

    let detail: TransitionDetail | null = null;
    // A turn ends when the session goes back to rest, or straight on to the next pending message.
    const ended =
      record.to === 'idle' || record.to === 'failed' || (record.to === 'queued' && record.from !== 'idle' && record.from !== 'failed');
    const turn = view.turn;
    if (record.to === 'suspended' && turn !== null && turn.faults > (faults.get(turn.id) ?? 0)) {
      faults.set(turn.id, turn.faults);
      detail = { kind: 'faulted', partialChars: turn.partial.length, error: turn.lastFault?.message ?? 'unknown error' };
    } else if (record.to === 'suspended' || record.to === 'resuming') {
      detail = { kind: record.to === 'suspended' ? 'preempted' : 'resuming', partialChars: view.turn?.partial.length ?? 0 };
    } else if (ended && previous !== null) {
      faults.delete(previous);
      const answer = view.messages.find((m) => m.id === `${previous}:answer`);
      // A turn cancelled before its first token leaves no assistant message at all.
      const outcome = answer?.status ?? 'cancelled';
      detail = { kind: 'ended', outcome, chars: answer?.content.length ?? 0 };
      if (outcome === 'failed' && view.error) detail = { ...detail, error: view.error.message };
    }
    const { from, to, session } = record;
    listener({ at: options.span(options.start, record.at), session, from, to, detail });
  });
  return () => subscription.unsubscribe();
}
