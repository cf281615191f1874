import { Observable, type Subscriber } from 'rxjs';
import { TurnFailedError } from '../errors/TurnFailedError.js';
import { toAsyncIterable } from '../internal/toAsyncIterable.js';
import type { SessionEmitted } from '../session/events.js';
import type { Answer, Reply } from './types.js';

type TurnEnded = Extract<SessionEmitted, { type: 'turnEnded' }>;

/**
 * The switchboard's side of a {@link Reply}: fed the session's `delta` and `turnEnded`
 * events for one message. It keeps no copy of the text: a late subscriber is first given
 * the session's partial, read from its snapshot.
 */
export class ReplyChannel {
  readonly reply: Reply;
  private readonly subscribers = new Set<Subscriber<string>>();
  private ending: { text: string; error: TurnFailedError | null } | null = null;
  private settle!: { resolve: (answer: Answer) => void; reject: (error: unknown) => void };

  constructor(
    readonly sessionId: string,
    readonly messageId: string,
    private readonly partialSoFar: () => string,
  ) {
    const result = new Promise<Answer>((resolve, reject) => (this.settle = { resolve, reject }));
    // Nobody has to listen for a failure; the rejection still reaches whoever awaits `result`.
    result.catch(() => {});
    const text$ = new Observable<string>((subscriber) => {
      if (this.ending) {
        if (this.ending.text !== '') subscriber.next(this.ending.text);
        if (this.ending.error) subscriber.error(this.ending.error);
        else subscriber.complete();
        return;
      }
      const sofar = this.partialSoFar();
      if (sofar !== '') subscriber.next(sofar);
      this.subscribers.add(subscriber);
      return () => this.subscribers.delete(subscriber);
    });
    const iterable = toAsyncIterable(text$);
    this.reply = { sessionId, messageId, result, text$, [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator]() };
  }

  delta(text: string): void {
    for (const s of this.subscribers) s.next(text);
  }

  end(event: TurnEnded): void {
    const text = event.answer?.content ?? '';
    if (event.outcome === 'failed') {
      const error = new TurnFailedError(
        this.sessionId,
        this.messageId,
        event.error?.kind ?? 'unknown',
        event.error?.message ?? 'unknown error',
        text,
      );
      this.ending = { text, error };
      for (const s of this.subscribers) s.error(error);
      this.settle.reject(error);
    } else {
      this.ending = { text, error: null };
      for (const s of this.subscribers) s.complete();
      this.settle.resolve({ sessionId: this.sessionId, messageId: this.messageId, status: event.outcome, content: text });
    }
    this.subscribers.clear();
  }
}
