import { createActor, type AnyActorScope, type AnyMachineSnapshot } from 'xstate';
import { sessionMachine } from '../../machines/sessionMachine.js';
import type { SchedulingPolicy } from '../../policy/types.js';
import { ProviderError } from '../../provider/ProviderError.js';
import type { ChatMessage } from '../../provider/types.js';
import type { SchedulerEvent } from '../../scheduler/events.js';
import { applySchedulerEvent } from '../../scheduler/applySchedulerEvent.js';
import { SchedulerCore, type SchedulerCoreOptions } from '../../scheduler/SchedulerCore.js';
import type { SessionEvent } from '../../session/events.js';
import type { TranscriptMessage } from '../../session/types.js';
import type { AnswerView, RequestView, SystemView, Violation } from '../SystemView.js';
import { noStarvation } from '../invariants/noStarvation.js';
import { modelReply } from './modelReply.js';

/** The bounds of an exploration. */
export interface ModelBounds {
  readonly sessions: number;
  readonly slots: number;
  readonly messagesPerSession: number;
  /** Tokens in every answer. */
  readonly tokens: number;
  /** Transient faults a turn survives. */
  readonly maxRetries: number;
  /** Most messages outstanding at once (sends beyond it are refused). */
  readonly capacity: number;
  /** How many times time may jump by `agingMs` (aging is only visible across such jumps). */
  readonly ticks: number;
  readonly agingMs: number;
  readonly policy: SchedulingPolicy;
  /** Builds the scheduler core; swap in a subclass to check a scheduler of your own (or a broken one). */
  readonly createCore?: (options: SchedulerCoreOptions) => SchedulerCore<unknown>;
}

/** One thing that can happen next: a user call, a provider event, or time passing. */
export type ModelAction =
  | { readonly kind: 'send' | 'cancel' | 'chunk' | 'finish' | 'fault'; readonly session: number }
  | { readonly kind: 'switch'; readonly session: number | null }
  | { readonly kind: 'tick' };

interface Stream {
  readonly attempt: number;
  readonly tokens: readonly string[];
  next: number;
}

/** A fake actor ref: the model routes by session index, XState only needs something to carry. */
interface SessionRef {
  readonly index: number;
}

interface Shared {
  readonly bounds: ModelBounds;
  readonly scope: AnyActorScope;
  readonly collected: { type: string; params?: unknown }[];
  readonly schedulerRef: object;
  readonly refs: SessionRef[];
  readonly memo: WeakMap<AnyMachineSnapshot, Map<string, [AnyMachineSnapshot, Shared['collected']]>>;
}

const sessionId = (i: number) => `s${i}`;
const indexOf = (id: string) => Number(id.slice(1));
/** Tokens end with a space, so a partial's token count is its number of spaces. */
const countTokens = (text: string) => {
  let n = 0;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) n++;
  return n;
};

/** A request's place-free part: class and arrival epoch. */
function tagged(r: { sessionId: string; priorityClass: string; arrivalAt: number }, agingMs: number) {
  return { index: indexOf(r.sessionId), tag: `${r.priorityClass[0]}${r.arrivalAt / agingMs}` };
}

const inverses = new WeakMap<number[], number[]>();
function inverse(order: number[]): number[] {
  let rename = inverses.get(order);
  if (!rename) {
    rename = [];
    for (let position = 0; position < order.length; position++) rename[order[position]!] = position;
    inverses.set(order, rename);
  }
  return rename;
}

const permutationCache = new Map<number, number[][]>();
function permutations(n: number): number[][] {
  let cached = permutationCache.get(n);
  if (cached) return cached;
  const out: number[][] = [];
  const walk = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) out.push(prefix);
    rest.forEach((x, i) => walk([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  walk([], Array.from({ length: n }, (_, i) => i));
  permutationCache.set(n, (cached = out));
  return cached;
}
const messageId = (i: number, n: number) => `s${i}m${n}`;
const expectations = new WeakMap<TranscriptMessage, string>();
const transient = new ProviderError('network', 'The connection dropped (injected).');

/**
 * The composed system — one scheduler, `bounds.sessions` sessions — as a value that can be
 * copied and stepped, for exhaustive exploration. It runs the real session machine (through
 * XState's transition function), the real scheduler core and policy, and reproduces how
 * XState delivers `sendTo` between actors: at once to an actor that is idle, after its
 * current event to one that is busy. Streams are scripted: each chunk, finish or fault is an
 * action of its own, so every interleaving is reached.
 */
export class SystemModel {
  private sessions: AnyMachineSnapshot[];
  private core: SchedulerCore<SessionRef>;
  private streams: (Stream | null)[];
  private sent: number[];
  private outcomes: Map<string, number>;
  private accepted: string[];
  private ticks = 0;
  private now = 0;
  private busy = new Set<number | 'scheduler'>();
  private mailboxes = new Map<number | 'scheduler', (SessionEvent | SchedulerEvent)[]>();
  private grantViolations: Violation[] = [];

  private constructor(private readonly shared: Shared, from?: SystemModel) {
    if (from) {
      this.sessions = [...from.sessions];
      this.core = from.core.clone();
      this.streams = from.streams.map((s) => (s ? { ...s } : null));
      this.sent = [...from.sent];
      this.outcomes = new Map(from.outcomes);
      this.accepted = [...from.accepted];
      this.ticks = from.ticks;
      this.now = from.now;
      return;
    }
    const { bounds } = shared;
    const options = { slots: bounds.slots, policy: bounds.policy, capacity: bounds.capacity };
    this.core = (bounds.createCore?.(options) ?? new SchedulerCore(options)) as SchedulerCore<SessionRef>;
    this.streams = Array.from({ length: bounds.sessions }, () => null);
    this.sent = Array.from({ length: bounds.sessions }, () => 0);
    this.outcomes = new Map();
    this.accepted = [];
    this.sessions = shared.refs.map((_, i) => {
      const actor = createActor(sessionMachine, {
        input: { sessionId: sessionId(i), scheduler: shared.schedulerRef as never, maxRetries: bounds.maxRetries },
      });
      return actor.getSnapshot();
    });
  }

  static initial(bounds: ModelBounds): SystemModel {
    // One inert actor scope, reused: XState's `transition()` builds a new actor per call,
    // which costs far more than the transition itself.
    const probe = createActor(sessionMachine, { input: { sessionId: 'probe', scheduler: {} as never } });
    const scope = (probe as unknown as { _actorScope: AnyActorScope })._actorScope;
    const collected: Shared['collected'] = [];
    (scope as unknown as { actionExecutor: (a: Shared['collected'][number]) => void }).actionExecutor = (a) => collected.push(a);
    const refs = Array.from({ length: bounds.sessions }, (_, index) => ({ index }));
    return new SystemModel({ bounds, scope, collected, schedulerRef: { id: 'scheduler' }, refs, memo: new WeakMap() });
  }

  fork(): SystemModel {
    return new SystemModel(this.shared, this);
  }

  /** Everything that can happen in this state. */
  actions(): ModelAction[] {
    const { bounds } = this.shared;
    const out: ModelAction[] = [];
    for (let i = 0; i < bounds.sessions; i++) {
      if (this.sent[i]! < bounds.messagesPerSession) out.push({ kind: 'send', session: i });
      if (this.context(i).turn) out.push({ kind: 'cancel', session: i });
      const stream = this.streams[i];
      if (stream) {
        out.push({ kind: stream.next < stream.tokens.length ? 'chunk' : 'finish', session: i });
        out.push({ kind: 'fault', session: i });
      }
    }
    const active = this.core.active;
    for (let i = 0; i < bounds.sessions; i++) if (active !== sessionId(i)) out.push({ kind: 'switch', session: i });
    if (active !== null) out.push({ kind: 'switch', session: null });
    if (this.ticks < bounds.ticks) out.push({ kind: 'tick' });
    return out;
  }

  /** Applies one action and everything it sets off; returns the violations seen at grants. */
  apply(action: ModelAction): Violation[] {
    this.grantViolations = [];
    switch (action.kind) {
      case 'send': {
        const i = action.session;
        const id = messageId(i, this.sent[i]!);
        this.sent[i]!++;
        // The switchboard refuses a message past capacity before it reaches the machines.
        if (this.outstanding() >= this.shared.bounds.capacity) break;
        this.accepted.push(id);
        this.toSession(i, { type: 'SEND', messageId: id, text: `question ${id}`, at: this.now });
        break;
      }
      case 'cancel':
        this.toSession(action.session, { type: 'CANCEL', at: this.now });
        break;
      case 'switch':
        this.toScheduler({ type: 'ACTIVATE', sessionId: action.session === null ? null : sessionId(action.session), at: this.now });
        break;
      case 'chunk': {
        const stream = this.streams[action.session]!;
        const text = stream.tokens[stream.next++]!;
        this.toSession(action.session, { type: 'STREAM.DELTA', attempt: stream.attempt, text, at: this.now });
        break;
      }
      case 'finish':
        this.toSession(action.session, { type: 'STREAM.DONE', attempt: this.streams[action.session]!.attempt, reason: 'stop', at: this.now });
        break;
      case 'fault':
        this.toSession(action.session, { type: 'STREAM.ERROR', attempt: this.streams[action.session]!.attempt, error: transient, at: this.now });
        break;
      case 'tick':
        this.ticks++;
        this.now += this.shared.bounds.agingMs;
        break;
    }
    return this.grantViolations;
  }

  /**
   * Identifies the state up to what can influence the future, and up to renaming sessions.
   * Message text and transcript length are left out: no machine branches on them (the
   * invariants still check every text in every state reached). Sessions are
   * interchangeable, so the key is the smallest over all orderings of them: a state and its
   * mirror images are explored once.
   */
  key(): string {
    const n = this.sessions.length;
    const local: string[] = [];
    for (let i = 0; i < n; i++) {
      const { value, context } = this.sessions[i]!;
      const turn = context.turn;
      const stream = this.streams[i];
      local.push(`${String(value)}|${this.sent[i]}|${context.pending.length}|${turn ? `${countTokens(turn.partial)}.${turn.faults}` : '-'}|${stream ? stream.next : '-'}`);
    }
    const agingMs = this.shared.bounds.agingMs;
    const queue: { index: number; tag: string }[] = [];
    for (const e of this.core.queue.toArray()) queue.push(tagged(e.value, agingMs));
    const running: { index: number; tag: string }[] = [];
    for (const r of this.core.running.values()) running.push(tagged(r, agingMs));
    const active = this.core.active === null ? -1 : indexOf(this.core.active);
    let best: string | null = null;
    for (const order of permutations(n)) {
      // order[k] = the session shown in position k; rename[i] = the position of session i.
      const rename = inverse(order);
      let key = '';
      for (const i of order) key += `${local[i]} `;
      key += `/${active === -1 ? '-' : rename[active]}/${this.ticks}/`;
      for (const q of queue) key += `${rename[q.index]}${q.tag},`;
      const held: string[] = [];
      for (const r of running) held.push(`${rename[r.index]}${r.tag}`);
      key += `/${held.sort().join(',')}`;
      if (best === null || key < best) best = key;
    }
    return best!;
  }

  /** The state in the terms the invariants need. */
  view(final = false): SystemView {
    const { bounds } = this.shared;
    const toRequest = (r: { turnId: string; sessionId: string; priorityClass: 'foreground' | 'background'; arrivalAt: number }): RequestView => ({
      turnId: r.turnId,
      sessionId: r.sessionId,
      priorityClass: r.priorityClass,
      arrivalAt: r.arrivalAt,
      rank: bounds.policy.rank(r),
    });
    const answers: AnswerView[] = [];
    for (let i = 0; i < this.sessions.length; i++) {
      const { context } = this.sessions[i]!;
      const messages: readonly TranscriptMessage[] = context.messages;
      for (let at = 0; at < messages.length; at++) {
        const m = messages[at]!;
        if (m.role !== 'assistant') continue;
        // Transcript messages are shared by every state after them: compute each expectation once.
        let expected = expectations.get(m);
        if (expected === undefined) {
          expected = modelReply(messages.slice(0, at), bounds.tokens).join('');
          expectations.set(m, expected);
        }
        answers.push({ messageId: m.id, sessionId: sessionId(i), text: m.content, expected, complete: m.status === 'completed' });
      }
      if (context.turn) {
        answers.push({
          messageId: context.turn.id,
          sessionId: sessionId(i),
          text: context.turn.partial,
          expected: modelReply(messages, bounds.tokens).join(''),
          complete: false,
        });
      }
    }
    return {
      slots: bounds.slots,
      capacity: bounds.capacity,
      liveStreams: this.streams.filter(Boolean).length,
      running: [...this.core.running.values()].map(toRequest),
      waiting: this.core.queue.toArray().map((e) => toRequest(e.value)),
      messages: this.accepted.map((id) => ({ id, sessionId: id.slice(0, id.indexOf('m')), outcomes: this.outcomes.get(id) ?? 0 })),
      answers,
      final,
    };
  }

  /**
   * Progress: nothing accepted is forgotten. A request holding a slot has a live stream, a
   * session waiting for a slot has its request in the queue, and every outstanding message
   * is its session's turn or waits behind it. Without this a lost request would simply
   * never end.
   */
  progress(): Violation | null {
    for (let i = 0; i < this.sessions.length; i++) {
      const { value, context } = this.sessions[i]!;
      const turnId = context.turn?.id;
      const running = turnId !== undefined && this.core.running.has(turnId);
      const queued = turnId !== undefined && this.core.queue.has(turnId);
      if ((value === 'queued' || value === 'suspended') && !queued && !running) {
        return { invariant: 'progress', message: `${sessionId(i)} is ${String(value)} but its request ${turnId} is neither queued nor running` };
      }
      if (running && !this.streams[i] && (value === 'streaming' || value === 'resuming')) {
        return { invariant: 'progress', message: `${sessionId(i)} holds a slot for ${turnId} without a stream` };
      }
    }
    for (const r of this.core.running.values()) {
      const { value, context } = this.sessions[r.session.index]!;
      if (context.turn?.id !== r.turnId || (value !== 'streaming' && value !== 'resuming')) {
        return { invariant: 'progress', message: `${r.turnId} holds a slot but ${r.sessionId} is ${String(value)}` };
      }
    }
    return null;
  }

  /** Nothing outstanding and no stream left: the run could end here. */
  get quiet(): boolean {
    return this.outstanding() === 0 && this.streams.every((s) => s === null);
  }

  private outstanding(): number {
    let n = 0;
    for (const id of this.accepted) if (!this.outcomes.has(id)) n++;
    return n;
  }

  private context(i: number) {
    return this.sessions[i]!.context as import('../../machines/sessionMachine.js').SessionContext;
  }

  /** XState's delivery: an idle actor processes at once, a busy one after its current event. */
  private deliver(target: number | 'scheduler', event: SessionEvent | SchedulerEvent, run: () => void): void {
    if (this.busy.has(target)) {
      const box = this.mailboxes.get(target) ?? [];
      box.push(event);
      this.mailboxes.set(target, box);
      return;
    }
    this.busy.add(target);
    run();
    for (let next = this.mailboxes.get(target)?.shift(); next; next = this.mailboxes.get(target)?.shift()) {
      if (target === 'scheduler') this.processScheduler(next as SchedulerEvent);
      else this.processSession(target, next as SessionEvent);
    }
    this.busy.delete(target);
  }

  private toSession(i: number, event: SessionEvent): void {
    this.deliver(i, event, () => this.processSession(i, event));
  }

  private toScheduler(event: SchedulerEvent): void {
    this.deliver('scheduler', event, () => this.processScheduler(event));
  }

  private processSession(i: number, event: SessionEvent): void {
    const { refs } = this.shared;
    const [after, actions] = this.transition(this.sessions[i]!, event);
    this.sessions[i] = after;
    for (const action of actions) {
      const params = action.params as Record<string, unknown> | undefined;
      switch (action.type) {
        case 'xstate.sendTo': {
          const sent = params!.event as SchedulerEvent;
          // The ref the machine put in the event is the inert scope's; route by index instead.
          if (sent.type === 'REQUEST') this.toScheduler({ ...sent, session: refs[i] as never });
          else if (sent.type === 'RELEASE' && sent.next) this.toScheduler({ ...sent, next: { ...sent.next, session: refs[i] as never } });
          else this.toScheduler(sent);
          break;
        }
        case 'xstate.emit': {
          const emitted = params!.event as { type: string; turnId?: string };
          if (emitted.type === 'turnEnded') this.outcomes.set(emitted.turnId!, (this.outcomes.get(emitted.turnId!) ?? 0) + 1);
          break;
        }
        case 'xstate.spawnChild': {
          const input = params!.input as { attempt: number; messages: readonly ChatMessage[]; prefix: string };
          const full = modelReply(input.messages, this.shared.bounds.tokens);
          const done = full.join('').startsWith(input.prefix) ? countTokens(input.prefix) : 0;
          this.streams[i] = { attempt: input.attempt, tokens: full, next: input.prefix === '' ? 0 : done };
          break;
        }
        case 'xstate.stopChild':
          this.streams[i] = null;
          break;
      }
    }
    // A stream whose session left streaming/resuming without stopping it would be a leak the invariants catch.
  }

  /**
   * The session machine's transition, memoised per snapshot: sibling branches share their
   * unchanged sessions' snapshots, and apply the same events to them again and again.
   */
  private transition(before: AnyMachineSnapshot, event: SessionEvent): [AnyMachineSnapshot, Shared['collected']] {
    const { scope, collected, memo } = this.shared;
    const eventKey = event.type === 'STREAM.ERROR' ? `${event.type}|${event.attempt}|${event.at}` : JSON.stringify(event);
    let known = memo.get(before);
    const hit = known?.get(eventKey);
    if (hit) return hit;
    collected.length = 0;
    const after = sessionMachine.transition(before as never, event, scope) as AnyMachineSnapshot;
    const result: [AnyMachineSnapshot, Shared['collected']] = [after, [...collected]];
    if (!known) memo.set(before, (known = new Map()));
    known.set(eventKey, result);
    return result;
  }

  private processScheduler(event: SchedulerEvent): void {
    const core = this.core;
    if (event.type === 'STOP') return;
    const at = event.at;
    for (const decision of applySchedulerEvent(core, event)) {
      const r = decision.request;
      if (decision.type === 'grant') {
        const granted: RequestView = { turnId: r.turnId, sessionId: r.sessionId, priorityClass: r.priorityClass, arrivalAt: r.arrivalAt, rank: r.rank };
        const waiting = core.queue.toArray().map((e) => ({ ...e.value, rank: e.priority }));
        const violation = noStarvation(granted, waiting, this.shared.bounds.agingMs);
        if (violation) this.grantViolations.push(violation);
      }
      this.toSession(r.session.index, decision.type === 'grant' ? { type: 'GRANT', turnId: r.turnId, at } : { type: 'PREEMPT', turnId: r.turnId, at });
    }
  }
}
