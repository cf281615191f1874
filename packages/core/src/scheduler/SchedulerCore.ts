import type { PriorityClass, RunningView, SchedulingPolicy, WaitingView } from '../policy/types.js';
import { PriorityQueue } from '../queue/PriorityQueue.js';
import { createStatsRecorder, type StatsRecorder, type TurnOutcome } from '../stats/createStatsRecorder.js';
import type { SchedulerStats } from '../stats/SchedulerStats.js';
import type { QueuedView, RunningRequest, RunningRequestView, SchedulerDecision, SlotRequest } from './types.js';

export interface SchedulerCoreOptions {
  readonly slots: number;
  readonly policy: SchedulingPolicy;
  /** Most requests that may wait at once; past it {@link SchedulerCore.enqueue} throws `QueueFullError`. */
  readonly capacity?: number;
}

/**
 * The scheduler's bookkeeping: the queue, the slots, the stats. Plain TypeScript with no
 * XState and no I/O; the scheduler machine feeds it events and sends out its decisions.
 * Mutable on purpose: an event touches O(log n) of it instead of copying the queue.
 *
 * @example
 * ```ts
 * const core = new SchedulerCore({ slots: 1, policy: createPriorityPolicy() });
 * core.enqueue({ turnId: 't1', sessionId: 'a', session: refA }, 0);
 * core.plan(0); // [{ type: 'grant', request: { turnId: 't1', ... } }]
 * ```
 */
export class SchedulerCore<S = unknown> {
  readonly slots: number;
  readonly policy: SchedulingPolicy;
  readonly queue: PriorityQueue<SlotRequest<S>>;
  readonly running = new Map<string, RunningRequest<S>>();
  /** sessionId → turnId: a session has at most one request here at a time. */
  private readonly bySession = new Map<string, string>();
  private readonly queuedByClass: Record<PriorityClass, number> = { foreground: 0, background: 0 };
  private recorder: StatsRecorder;
  private activeSessionId: string | null = null;
  private nextOrder = 0;

  constructor(options: SchedulerCoreOptions, recorder?: StatsRecorder) {
    this.recorder = recorder ?? createStatsRecorder();
    this.slots = options.slots;
    this.policy = options.policy;
    this.queue = new PriorityQueue(options.capacity === undefined ? {} : { capacity: options.capacity });
  }

  /**
   * An independent copy of the queue, slots and active session, for exploring branches of
   * a run (the exhaustive checker forks the system at every step). The copy shares the
   * original's stats rather than copying their sample windows: branches have no stats worth
   * keeping apart.
   */
  clone(): SchedulerCore<S> {
    // `this.constructor`, so a subclass (a deliberately broken one in a test) forks as itself.
    const Self = this.constructor as typeof SchedulerCore<S>;
    const copy = new Self(
      { slots: this.slots, policy: this.policy, ...(this.queue.capacity === Infinity ? {} : { capacity: this.queue.capacity }) },
      this.recorder,
    );
    for (const entry of this.queue.toArray()) copy.queue.push(entry.id, { ...entry.value }, entry.priority, entry.order);
    for (const [id, r] of this.running) copy.running.set(id, { ...r });
    for (const [session, turn] of this.bySession) copy.bySession.set(session, turn);
    copy.queuedByClass.foreground = this.queuedByClass.foreground;
    copy.queuedByClass.background = this.queuedByClass.background;
    copy.activeSessionId = this.activeSessionId;
    copy.nextOrder = this.nextOrder;
    return copy;
  }

  get active(): string | null {
    return this.activeSessionId;
  }

  /** Accepts a new turn into the queue. Throws `QueueFullError` (and changes nothing) when full. */
  enqueue(request: { turnId: string; sessionId: string; session: S }, now: number): void {
    // Fields spelled out rather than spread: a spread copies through a slow generic path,
    // and this runs on every send.
    const entry: SlotRequest<S> = {
      turnId: request.turnId,
      sessionId: request.sessionId,
      session: request.session,
      arrivalAt: now,
      order: this.nextOrder,
      priorityClass: this.classOf(request.sessionId),
      enqueuedAt: now,
      resumed: false,
    };
    this.push(entry);
    this.nextOrder++;
    this.bySession.set(request.sessionId, request.turnId);
  }

  /**
   * A running turn gave its slot back on its own, after a transient provider fault: it
   * waits again with its original arrival.
   */
  suspend(turnId: string, now: number): void {
    const running = this.running.get(turnId);
    if (!running) return;
    this.recorder.faulted();
    this.requeue(running, now);
  }

  /**
   * A turn ended: while holding a slot, while waiting (a cancel), or before it was ever
   * queued (a message cancelled while pending in its session, counted so that the stats'
   * outcomes add up to every accepted message).
   */
  release(turnId: string, outcome: TurnOutcome, timeToFirstTokenMs?: number): void {
    let request: SlotRequest<S> | undefined = this.running.get(turnId);
    if (request) {
      this.running.delete(turnId);
    } else {
      request = this.queue.remove(turnId)?.value;
      if (request) this.queuedByClass[request.priorityClass]--;
    }
    if (request && this.bySession.get(request.sessionId) === turnId) this.bySession.delete(request.sessionId);
    this.recorder.ended(outcome);
    if (timeToFirstTokenMs !== undefined) this.recorder.firstToken(timeToFirstTokenMs);
  }

  /** The user switched sessions: the new active session's work becomes foreground, the old one's background. */
  activate(sessionId: string | null): void {
    const previous = this.activeSessionId;
    this.activeSessionId = sessionId;
    if (previous !== null) this.reclassify(previous, 'background');
    if (sessionId !== null) this.reclassify(sessionId, 'foreground');
  }

  /**
   * Fills free slots from the head of the queue, and interrupts whatever the policy says
   * must yield, handing its slot to the request that outranks it.
   *
   * An interrupted request is back in the queue (with its original arrival) as soon as the
   * interrupt is decided: the machine sends the interrupts before the grants, and XState
   * delivers them in order and at once, so the victim has stopped streaming before anyone
   * starts in its slot. Streams in progress never exceed the slots, and a preemption costs
   * no acknowledgement round trip.
   */
  plan(now: number): SchedulerDecision<S>[] {
    const decisions: SchedulerDecision<S>[] = [];
    this.fill(now, decisions);
    if (this.queue.size === 0) return decisions;
    // Plain loops rather than spread-and-map: this runs on every scheduler event.
    const best = this.queue.top(this.slots);
    const waiting: WaitingView[] = [];
    for (const e of best) waiting.push({ id: e.id, rank: e.priority });
    const running: RunningView[] = [];
    for (const r of this.running.values()) running.push({ id: r.turnId, rank: r.rank, startedAt: r.startedAt });
    const victims = this.policy.planPreemptions(running, waiting);
    if (victims.length === 0) return decisions;
    for (const victimId of victims) {
      const victim = this.running.get(victimId);
      if (!victim) continue;
      this.recorder.preempted();
      this.requeue(victim, now);
      decisions.push({ type: 'preempt', request: victim });
    }
    this.fill(now, decisions);
    return decisions;
  }

  private fill(now: number, decisions: SchedulerDecision<S>[]): void {
    while (this.running.size < this.slots) {
      const head = this.queue.pop();
      if (!head) return;
      decisions.push({ type: 'grant', request: this.grant(head.value, head.priority, now) });
    }
  }

  private requeue(running: RunningRequest<S>, now: number): void {
    this.running.delete(running.turnId);
    // The same request without its slot fields; spelled out, as in `enqueue`, because this is
    // the preemption path.
    this.push({
      turnId: running.turnId,
      sessionId: running.sessionId,
      session: running.session,
      arrivalAt: running.arrivalAt,
      order: running.order,
      priorityClass: running.priorityClass,
      enqueuedAt: now,
      resumed: true,
    });
  }

  /** Slots busy and work waiting. */
  get saturated(): boolean {
    return this.running.size >= this.slots && this.queue.size > 0;
  }

  get idle(): boolean {
    return this.running.size === 0 && this.queue.size === 0;
  }

  stats(): SchedulerStats {
    return this.recorder.read({ slots: this.slots, running: this.running.size, queued: this.queuedByClass });
  }

  /** The queue in service order, with effective priorities and waits at `now`. */
  queuedView(now: number): QueuedView[] {
    return this.queue.toArray().map(({ value: r }) => ({
      turnId: r.turnId,
      sessionId: r.sessionId,
      priorityClass: r.priorityClass,
      arrivalAt: r.arrivalAt,
      effectivePriority: this.policy.effectivePriority(r, now),
      waitedMs: now - r.enqueuedAt,
      resumed: r.resumed,
    }));
  }

  runningView(now: number): RunningRequestView[] {
    return [...this.running.values()].map((r) => ({
      turnId: r.turnId,
      sessionId: r.sessionId,
      priorityClass: r.priorityClass,
      arrivalAt: r.arrivalAt,
      effectivePriority: this.policy.effectivePriority(r, now),
      runningMs: now - r.startedAt,
    }));
  }

  private classOf(sessionId: string): PriorityClass {
    return sessionId === this.activeSessionId ? 'foreground' : 'background';
  }

  private push(request: SlotRequest<S>): void {
    this.queue.push(request.turnId, request, this.policy.rank(request), request.order);
    this.queuedByClass[request.priorityClass]++;
  }

  private grant(request: SlotRequest<S>, rank: number, now: number): RunningRequest<S> {
    this.queuedByClass[request.priorityClass]--;
    this.recorder.waited(request.priorityClass, now - request.enqueuedAt);
    if (request.resumed) this.recorder.resumed();
    const running: RunningRequest<S> = {
      turnId: request.turnId,
      sessionId: request.sessionId,
      session: request.session,
      arrivalAt: request.arrivalAt,
      order: request.order,
      priorityClass: request.priorityClass,
      enqueuedAt: request.enqueuedAt,
      resumed: request.resumed,
      rank,
      startedAt: now,
    };
    this.running.set(request.turnId, running);
    return running;
  }

  private reclassify(sessionId: string, priorityClass: PriorityClass): void {
    const turnId = this.bySession.get(sessionId);
    if (turnId === undefined) return;
    const running = this.running.get(turnId);
    if (running) {
      running.priorityClass = priorityClass;
      running.rank = this.policy.rank(running);
      return;
    }
    const entry = this.queue.get(turnId);
    if (!entry || entry.value.priorityClass === priorityClass) return;
    this.queuedByClass[entry.value.priorityClass]--;
    entry.value.priorityClass = priorityClass;
    this.queuedByClass[priorityClass]++;
    this.queue.reprioritize(turnId, this.policy.rank(entry.value));
  }
}
