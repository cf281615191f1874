import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, Reply, Switchboard } from '@switchboard/core';
import type { Palette } from '../output/colors.js';
import { formatSeconds, padPainted } from '../output/text.js';
import { formatTransitionLine, type TimelineStyle } from '../output/timeline.js';
import { watchTransitions } from '../scenario/watchTransitions.js';
import type { LiveView } from './LiveView.js';

interface Tracked {
  readonly reply: Reply;
  received: string;
  ended: boolean;
  /** Resolved once `received` reaches `chars`, or the answer ends. */
  waiters: Array<{ readonly chars: number; readonly resolve: () => void }>;
}

/**
 * Plays the user's part in the demo and narrates it live: the user's switches and
 * messages, every state change, and the text of the session the user is looking at.
 *
 * Background text is received but not printed; when the user switches to a session
 * mid-answer, the text it already has is shown dimmed before the live text goes on.
 *
 * @example
 * ```ts
 * const director = new Director(board, systemClock, view, style);
 * director.switchTo('code');
 * const reply = director.send('research', 'Summarise the papers');
 * await director.untilChars(reply, 80);
 * ```
 */
export class Director {
  private readonly start: number;
  private readonly replies = new Map<string, Tracked>();
  private readonly unwatch: () => void;
  private readonly palette: Palette;

  constructor(
    readonly board: Switchboard,
    /** The board's clock: state changes are stamped on it, so the narration must be too. */
    private readonly clock: Clock,
    private readonly view: LiveView,
    private readonly style: TimelineStyle,
  ) {
    this.palette = style.palette;
    this.start = clock.now();
    this.unwatch = watchTransitions(board, { start: this.start, span: (from, to) => to - from }, (entry) =>
      view.line(formatTransitionLine(entry, style)),
    );
  }

  /** A line of narration, so the reader knows what to look for next. */
  note(text: string): void {
    this.view.line(`${' '.repeat(this.timeWidth + 2)}${this.palette.dim(`› ${text}`)}`);
  }

  /** The user switches sessions; text the session already has is shown before its live text. */
  switchTo(sessionId: string): void {
    // The action is printed before it is taken: the state changes it causes follow it.
    this.view.line(`${this.time()}  ${this.palette.bold('⇄ you switch to')} ${this.style.paintSession(sessionId)}`);
    this.board.switchTo(sessionId);
    const turn = this.board.session(sessionId).turn;
    const tracked = turn ? this.replies.get(turn.id) : undefined;
    if (tracked && tracked.received !== '') this.printText(tracked, tracked.received, this.palette.dim);
  }

  /** The user sends a message; its answer's text is printed live whenever its session is active. */
  send(sessionId: string, text: string): Reply {
    const busy = this.board.session(sessionId).turn !== null;
    const where = busy
      ? 'waits behind the answer in progress'
      : this.board.activeSessionId === sessionId
        ? 'foreground'
        : 'background';
    const name = this.style.paintSession(sessionId);
    this.view.line(`${this.time()}  ${this.palette.bold('you →')} ${name}  "${text}"  ${this.palette.dim(`(${where})`)}`);
    const reply = this.board.send(sessionId, text);

    const tracked: Tracked = { reply, received: '', ended: false, waiters: [] };
    this.replies.set(reply.messageId, tracked);
    const end = () => {
      tracked.ended = true;
      this.wake(tracked);
    };
    reply.text$.subscribe({
      next: (piece) => {
        tracked.received += piece;
        if (this.board.activeSessionId === sessionId) this.printText(tracked, piece);
        this.wake(tracked);
      },
      complete: end,
      // The transcript and the transition lines show a failure; the script just goes on.
      error: end,
    });
    return reply;
  }

  /** Resolves once `reply` has streamed at least `chars` characters, or has ended. */
  untilChars(reply: Reply, chars: number): Promise<void> {
    const tracked = this.replies.get(reply.messageId);
    if (!tracked || tracked.ended || tracked.received.length >= chars) return Promise.resolve();
    return new Promise((resolve) => tracked.waiters.push({ chars, resolve }));
  }

  /** Resolves once `reply` has ended, however it ended. */
  async untilEnded(reply: Reply): Promise<void> {
    await reply.result.then(
      () => {},
      () => {},
    );
  }

  /** Whether `reply`'s answer has ended (completed, cancelled or failed). */
  hasEnded(reply: Reply): boolean {
    return this.replies.get(reply.messageId)?.ended ?? false;
  }

  /** A short real pause, so a person can follow what just happened. */
  pause(ms: number): Promise<void> {
    return delay(ms);
  }

  /** Milliseconds since the demo started. */
  elapsed(): number {
    return this.clock.now() - this.start;
  }

  /** Stops printing state changes. */
  stop(): void {
    this.unwatch();
    this.view.close();
  }

  private get timeWidth(): number {
    return 5 + this.style.decimals;
  }

  private time(): string {
    return this.palette.dim(formatSeconds(this.elapsed(), this.style.decimals).padStart(this.timeWidth));
  }

  private printText(tracked: Tracked, text: string, paint?: (text: string) => string): void {
    const id = tracked.reply.sessionId;
    const prefix = `${' '.repeat(this.timeWidth + 2)}${padPainted(this.style.paintSession(id), id, this.style.nameWidth)} ${this.palette.dim('▸')} `;
    const prefixWidth = this.timeWidth + 2 + this.style.nameWidth + 3;
    this.view.text(id, prefix, text, paint ? { prefixWidth, paint } : { prefixWidth });
  }

  private wake(tracked: Tracked): void {
    const ready = tracked.waiters.filter((w) => tracked.ended || tracked.received.length >= w.chars);
    tracked.waiters = tracked.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}
