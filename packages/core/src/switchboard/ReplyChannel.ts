import { Observable, filter, map, type Subscriber } from 'rxjs';
import { TurnFailedError } from '../errors/TurnFailedError.js';
import { toAsyncIterable } from '../internal/toAsyncIterable.js';
import type { ToolCallDelta } from '../provider/types.js';
import type { SessionEmitted } from '../session/events.js';
import type { Answer, Reply, ReplyEvent } from './types.js';

type TurnEnded = Extract<SessionEmitted, { type: 'turnEnded' }>;

/**
 * The switchboard's side of a {@link Reply}: fed the session's events for one message. It
 * keeps no copy of the text: a late subscriber is first given the session's partial, read
 * from its snapshot.
 */
export class ReplyChannel {
  readonly reply: Reply;
  readonly result: Promise<Answer>;
  /** Made on the first subscription: most replies are only awaited. */
  private subscribers: Set<Subscriber<ReplyEvent>> | null = null;
  private ending: { text: string; error: TurnFailedError | null } | null = null;
  private settle!: { resolve: (answer: Answer) => void; reject: (error: unknown) => void };
  private events: Observable<ReplyEvent> | undefined;
  private text: Observable<string> | undefined;

  constructor(
    readonly sessionId: string,
    readonly messageId: string,
    private readonly partialSoFar: () => string,
  ) {
    this.result = new Promise<Answer>((resolve, reject) => (this.settle = { resolve, reject }));
    this.reply = new ReplyHandle(this);
  }

  /**
   * Built on first use, like `text$`: most callers await `result` and never touch the
   * streams, and `send()` sits on the preemption path.
   */
  get events$(): Observable<ReplyEvent> {
    return (this.events ??= new Observable<ReplyEvent>((subscriber) => {
      if (this.ending) {
        if (this.ending.text !== '') subscriber.next({ type: 'text', text: this.ending.text });
        if (this.ending.error) subscriber.error(this.ending.error);
        else subscriber.complete();
        return;
      }
      const sofar = this.partialSoFar();
      if (sofar !== '') subscriber.next({ type: 'text', text: sofar });
      (this.subscribers ??= new Set()).add(subscriber);
      return () => void this.subscribers?.delete(subscriber);
    }));
  }

  get text$(): Observable<string> {
    return (this.text ??= this.events$.pipe(
      filter((e): e is Extract<ReplyEvent, { type: 'text' }> => e.type === 'text'),
      map((e) => e.text),
    ));
  }

  private broadcast(event: ReplyEvent): void {
    if (this.subscribers) for (const s of this.subscribers) s.next(event);
  }

  delta(text: string): void {
    this.broadcast({ type: 'text', text });
  }

  replaced(): void {
    this.broadcast({ type: 'replaced' });
  }

  toolCall(delta: ToolCallDelta): void {
    this.broadcast({ type: 'toolCall', delta });
  }

  toolCallsDiscarded(): void {
    this.broadcast({ type: 'toolCallsDiscarded' });
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
      if (this.subscribers) for (const s of this.subscribers) s.error(error);
      // Nobody has to listen for a failure; the rejection still reaches whoever awaits `result`.
      this.result.catch(ignore);
      this.settle.reject(error);
    } else {
      this.ending = { text, error: null };
      if (this.subscribers) for (const s of this.subscribers) s.complete();
      const toolCalls = event.answer?.toolCalls;
      this.settle.resolve({
        sessionId: this.sessionId,
        messageId: this.messageId,
        status: event.outcome,
        content: text,
        ...(toolCalls ? { toolCalls } : {}),
      });
    }
    this.subscribers = null;
  }
}

const ignore = (): void => {};

/**
 * The {@link Reply} handed to the caller: a view of its channel. A class, so a reply costs
 * one small object rather than a set of closures per `send()`.
 */
class ReplyHandle implements Reply {
  readonly sessionId: string;
  readonly messageId: string;
  readonly result: Promise<Answer>;

  constructor(private readonly channel: ReplyChannel) {
    this.sessionId = channel.sessionId;
    this.messageId = channel.messageId;
    this.result = channel.result;
  }

  get text$(): Observable<string> {
    return this.channel.text$;
  }

  get events$(): Observable<ReplyEvent> {
    return this.channel.events$;
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return toAsyncIterable(this.channel.text$)[Symbol.asyncIterator]();
  }
}
