import type { SessionState, Switchboard } from '@switchboard/core';
import type { ChatCommand } from './parseCommand.js';
import type { ChatSnapshot, Overlay, SessionRow, StatusInfo } from './types.js';

export interface ChatStoreOptions {
  /** Shown in the status line. */
  readonly provider: string;
  /** Re-renders happen at most this often, in ms (default 50). */
  readonly throttleMs?: number;
  /** Applied to every error text shown (hides API keys a server may echo). */
  readonly redact?: (text: string) => string;
}

const BUSY: ReadonlySet<SessionState> = new Set(['queued', 'streaming', 'suspended', 'resuming']);

/**
 * The chat's model: lists the sessions the board has at the start (restored from a
 * database) and those it creates, subscribes to the board's
 * transitions and to each session actor, and publishes a {@link ChatSnapshot} at most
 * every `throttleMs` (immediately after the user's own actions). Works with
 * `useSyncExternalStore`. Everything is read from the board's snapshots: switching
 * never waits on the network.
 */
export class ChatStore {
  private readonly ids: string[] = [];
  private readonly unread = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribes: Array<() => void> = [];
  private readonly throttleMs: number;
  private readonly redact: (text: string) => string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = 0;
  private counter = 0;
  private notice: string | null = null;
  private overlay: Overlay = null;
  private snapshot: ChatSnapshot;
  private disposed = false;

  constructor(
    private readonly board: Switchboard,
    private readonly options: ChatStoreOptions,
  ) {
    this.throttleMs = options.throttleMs ?? 50;
    this.redact = options.redact ?? ((text) => text);
    const sub = board.transitions$.subscribe((t) => {
      // A background answer that ended (completed, cancelled or failed) is news.
      const ended = (t.to === 'idle' || t.to === 'failed') && BUSY.has(t.from);
      if (ended && t.session !== board.activeSessionId && this.ids.includes(t.session)) this.unread.add(t.session);
      this.invalidate();
    });
    this.unsubscribes.push(() => sub.unsubscribe());
    // Sessions restored from a database come first, in their stored order; new ones are
    // numbered after them ("chat 3" follows two restored sessions).
    for (const view of board.sessions()) this.follow(view.id);
    this.counter = this.ids.length;
    this.snapshot = this.build();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ChatSnapshot => this.snapshot;

  /** Session ids in the list's order. */
  get sessionIds(): readonly string[] {
    return this.ids;
  }

  get activeId(): string | null {
    return this.board.activeSessionId;
  }

  /** Creates a session (named "chat N" unless named), subscribes to it and switches to it. */
  newSession(name?: string): string {
    this.counter += 1;
    let id = `s${this.counter}`;
    while (this.ids.includes(id)) id = `s${++this.counter}`;
    this.board.createSession({ id, name: name ?? `chat ${this.counter}` });
    this.follow(id);
    this.switchTo(id);
    return id;
  }

  /** Lists a session of the board and re-renders as its actor changes. */
  private follow(id: string): void {
    this.ids.push(id);
    const sub = this.board.actors.session(id).subscribe({ next: () => this.invalidate(), error: () => this.invalidate() });
    this.unsubscribes.push(() => sub.unsubscribe());
  }

  switchTo(id: string): void {
    this.board.switchTo(id);
    this.unread.delete(id);
    this.flush();
  }

  /** Next (+1) or previous (-1) session, wrapping around. */
  cycle(offset: number): void {
    if (this.ids.length === 0) return;
    const at = Math.max(0, this.ids.indexOf(this.board.activeSessionId ?? ''));
    this.switchTo(this.ids[(at + offset + this.ids.length * 2) % this.ids.length]!);
  }

  /** Switches to session number `n` (1-based); false if there is none. */
  switchToNumber(n: number): boolean {
    const id = this.ids[n - 1];
    if (id === undefined) return false;
    this.switchTo(id);
    return true;
  }

  /** Sends to the active session; a busy session keeps it as pending. */
  send(text: string): void {
    const id = this.board.activeSessionId;
    if (id === null) return;
    try {
      // Failures show in the session (state failed, its error); the promise must not go unhandled.
      this.board.send(id, text).result.catch(() => undefined);
    } catch (error) {
      this.setNotice(`not sent: ${this.redact((error as Error).message)}`);
    }
    this.flush();
  }

  /** Cancels the active session's current turn; false if there was none. */
  cancel(): boolean {
    const id = this.board.activeSessionId;
    const done = id !== null && this.board.cancel(id);
    this.setNotice(done ? 'cancelled the current answer (its partial is kept)' : 'nothing to cancel');
    return done;
  }

  setNotice(notice: string | null): void {
    this.notice = notice;
    this.flush();
  }

  setOverlay(overlay: Overlay): void {
    this.overlay = overlay;
    this.flush();
  }

  /** Carries out a parsed input line. Returns 'quit' when the user asked to leave. */
  execute(command: ChatCommand): 'quit' | undefined {
    this.notice = null;
    switch (command.kind) {
      case 'empty':
        break;
      case 'message':
        this.send(command.text);
        break;
      case 'new':
        this.newSession(command.name);
        break;
      case 'switch': {
        const { target } = command;
        if ('index' in target) {
          if (!this.switchToNumber(target.index)) this.setNotice(`no session ${target.index} (there are ${this.ids.length})`);
        } else {
          const wanted = target.name.toLowerCase();
          const views = this.ids.map((id) => this.board.session(id));
          const found = views.find((v) => v.name.toLowerCase() === wanted) ?? views.find((v) => v.name.toLowerCase().startsWith(wanted));
          if (found) this.switchTo(found.id);
          else this.setNotice(`no session named "${target.name}"`);
        }
        break;
      }
      case 'rename': {
        const id = this.board.activeSessionId;
        if (id !== null) this.board.renameSession(id, command.name);
        break;
      }
      case 'cancel':
        this.cancel();
        break;
      case 'list':
        this.overlay = 'list';
        break;
      case 'help':
        this.overlay = 'help';
        break;
      case 'quit':
        return 'quit';
      case 'error':
        this.notice = command.message;
        break;
    }
    this.flush();
    return undefined;
  }

  /** Stops listening (the board is the caller's to stop). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.listeners.clear();
  }

  /** Something changed: publish a new snapshot, but not more often than the throttle allows. */
  private invalidate(): void {
    if (this.disposed || this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.throttleMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Publishes a new snapshot now. */
  flush(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlush = Date.now();
    this.snapshot = this.build();
    for (const listener of [...this.listeners]) listener();
  }

  private build(): ChatSnapshot {
    const board = this.board;
    const scheduler = board.scheduler();
    const stats = board.stats();
    const activeId = board.activeSessionId;
    const sessions: SessionRow[] = this.ids.map((id, i) => {
      const view = board.session(id);
      const queuedAt = scheduler.queued.findIndex((q) => q.sessionId === id);
      const lastAnswer = [...view.messages].reverse().find((m) => m.role === 'assistant');
      return {
        id,
        number: i + 1,
        name: view.name,
        state: view.state,
        queuePosition: queuedAt < 0 ? null : queuedAt + 1,
        tokens: view.turn ? view.turn.tokens : (lastAnswer?.tokens ?? 0),
        pending: view.pending.length,
        unread: this.unread.has(id),
        active: id === activeId,
      };
    });
    const status: StatusInfo = {
      slotsUsed: scheduler.running.length,
      slots: stats.slots,
      queuedForeground: stats.queued.foreground,
      queuedBackground: stats.queued.background,
      preemptions: stats.preemptions,
      resumes: stats.resumes,
      provider: this.options.provider,
    };
    let active = activeId !== null && this.ids.includes(activeId) ? board.session(activeId) : null;
    if (active?.error) active = { ...active, error: { ...active.error, message: this.redact(active.error.message) } };
    return { sessions, active, status, notice: this.notice, overlay: this.overlay };
  }
}
