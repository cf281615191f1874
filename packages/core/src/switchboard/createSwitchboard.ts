import { Subject } from 'rxjs';
import { createActor, type Actor, type AnyActorRef } from 'xstate';
import { fromProviderStream } from '../actors/fromProviderStream.js';
import { SwitchboardError } from '../errors/SwitchboardError.js';
import { schedulerMachine } from '../machines/schedulerMachine.js';
import { sessionMachine } from '../machines/sessionMachine.js';
import { QueueFullError } from '../queue/QueueFullError.js';
import { createPersister, type Persister } from '../store/createPersister.js';
import { restoreOrder } from '../store/restoreOrder.js';
import { savedSessionOf } from '../store/savedSessionOf.js';
import { ReplyChannel } from './ReplyChannel.js';
import { resolveOptions } from './resolveOptions.js';
import type {
  CreateSessionOptions,
  Reply,
  SavedSession,
  SchedulerView,
  SessionState,
  SessionView,
  Switchboard,
  SwitchboardOptions,
  TransitionRecord,
} from './types.js';

interface SessionEntry {
  readonly id: string;
  name: string;
  readonly actor: Actor<typeof sessionMachine>;
  state: SessionState;
}

/**
 * Creates a switchboard: many chat sessions, one scheduler, a fixed number of slots.
 * Sessions are standalone actors in a registry (not spawned children, which would copy a
 * growing children map on every spawn); the scheduler reaches them through the actor refs
 * their requests carry.
 *
 * @example
 * ```ts
 * const board = createSwitchboard({ provider: createSimulatedProvider(), slots: 1 });
 * const a = board.createSession({ name: 'research' });
 * const b = board.createSession();
 * board.switchTo(a);
 * board.send(b, 'Summarise the report');      // background
 * const reply = board.send(a, 'Hello');        // foreground: preempts b's answer
 * for await (const piece of reply) process.stdout.write(piece);
 * console.log((await reply.result).content);
 * ```
 */
export function createSwitchboard(options: SwitchboardOptions): Switchboard {
  const { provider, slots, queueCapacity, policy, clock, inspect, maxRetries, stream, store, persist, onStoreError } = resolveOptions(options);
  const actorOptions = inspect ? { inspect } : {};
  const scheduler = createActor(schedulerMachine, {
    ...actorOptions,
    input: { slots, policy },
  }).start();
  const machine = sessionMachine.provide({ actors: { streamReply: fromProviderStream(provider, clock, stream) } });
  const sessions = new Map<string, SessionEntry>();
  const replies = new Map<string, ReplyChannel>();
  const transitions$ = new Subject<TransitionRecord>();
  let idleWaiters: Array<() => void> = [];
  let nextSessionNumber = 1;
  let nextMessageNumber = 1;
  let stopped = false;
  const restored: Reply[] = [];
  const persister: Persister | null = store
    ? createPersister({
        store,
        clock,
        options: persist,
        // Running turns held the slots, so they go first when restored; then the queue, in order.
        queueOrder: () => {
          const { core } = scheduler.getSnapshot().context;
          const now = clock.now();
          return [...core.runningView(now), ...core.queuedView(now)].map((r) => r.turnId);
        },
        onError: onStoreError,
      })
    : null;
  if (persister) scheduler.subscribe(() => persister.queueChanged());

  const ensureRunning = () => {
    if (stopped) throw new SwitchboardError('stopped', 'This switchboard was stopped: create a new one to go on.');
  };

  const entryOf = (sessionId: unknown): SessionEntry => {
    if (typeof sessionId !== 'string') {
      throw new SwitchboardError('invalid_argument', `A session id must be a string, got ${typeof sessionId}.`);
    }
    const entry = sessions.get(sessionId);
    if (!entry) {
      const known = [...sessions.keys()];
      throw new SwitchboardError(
        'unknown_session',
        `Unknown session "${sessionId}". ${known.length ? `Known sessions: ${known.slice(0, 10).join(', ')}.` : 'Create one with createSession() first.'}`,
      );
    }
    return entry;
  };

  const wakeIdleWaiters = () => {
    if (replies.size !== 0 || idleWaiters.length === 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** What a reply's late subscriber is given first: the answer so far, if it is the turn in progress. */
  const partialOf = (entry: SessionEntry, messageId: string): string => {
    const turn = entry.actor.getSnapshot().context.turn;
    return turn && turn.id === messageId ? turn.partial : '';
  };

  const viewOf = (entry: SessionEntry): SessionView => {
    const { context } = entry.actor.getSnapshot();
    return {
      id: entry.id,
      name: entry.name,
      state: entry.state,
      messages: context.messages,
      pending: context.pending,
      turn: context.turn,
      error: context.error,
    };
  };

  /** Creates and starts a session's actor; `track` has the store follow it from its first state. */
  const openSession = (sessionOptions: CreateSessionOptions, track: boolean): SessionEntry => {
    if (typeof sessionOptions !== 'object' || sessionOptions === null) {
      throw new SwitchboardError('invalid_argument', 'createSession takes an options object such as { id: "research" }.');
    }
    let id = sessionOptions.id;
    if (id === undefined) {
      do id = `s${nextSessionNumber++}`;
      while (sessions.has(id));
    } else if (typeof id !== 'string' || !/^\S{1,128}$/.test(id)) {
      throw new SwitchboardError('invalid_argument', `A session id must be 1-128 characters without spaces, got ${JSON.stringify(id)}.`);
    } else if (sessions.has(id)) {
      throw new SwitchboardError('duplicate_session', `A session with id "${id}" already exists: choose another id.`);
    }
    const name = sessionOptions.name ?? id;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new SwitchboardError('invalid_argument', 'A session name must be a non-empty string.');
    }
    const actor = createActor(machine, { ...actorOptions, id, input: { sessionId: id, scheduler, maxRetries } });
    const entry: SessionEntry = { id, name, actor, state: 'idle' };
    sessions.set(id, entry);
    const sessionId = id;
    const noteState = () => {
      const to = actor.getSnapshot().value as SessionState;
      if (to === entry.state) return;
      const from = entry.state;
      entry.state = to;
      // No record (and no clock read) when nobody listens: this runs on every state change.
      if (transitions$.observed) transitions$.next({ at: clock.now(), session: sessionId, from, to });
    };
    // One listener for everything a session emits: a listener per event type would cost a
    // Set and a bound function each, for every idle session.
    actor.on('*', (event) => {
      if (event.type === 'stateExited') return noteState();
      const channel = replies.get(event.turnId);
      if (!channel) return;
      switch (event.type) {
        case 'delta':
          return channel.delta(event.text);
        case 'replaced':
          return channel.replaced();
        case 'toolCallDelta':
          return channel.toolCall(event.delta);
        case 'toolCallsDiscarded':
          return channel.toolCallsDiscarded();
        case 'turnEnded':
          replies.delete(event.turnId);
          return channel.end(event);
      }
    });
    actor.subscribe((snapshot) => {
      noteState();
      persister?.update(sessionId, entry.state, snapshot.context);
      wakeIdleWaiters();
    });
    actor.start();
    if (track) persister?.track(id, name, 'idle', actor.getSnapshot().context);
    return entry;
  };

  /** Sends a saved session's state to a fresh session; returns the replies of its restored messages. */
  const restoreInto = (entry: SessionEntry, saved: SavedSession): Reply[] => {
    const noteId = (messageId: string) => {
      // Generated ids must never collide with restored ones.
      const n = /^m(\d+)/.exec(messageId);
      if (n) nextMessageNumber = Math.max(nextMessageNumber, Number(n[1]) + 1);
    };
    for (const m of saved.messages) noteId(m.id);
    const ids = [...(saved.turn ? [saved.turn.id] : []), ...saved.pending.map((p) => p.id)];
    const replyList = ids.map((messageId) => {
      noteId(messageId);
      const channel = new ReplyChannel(entry.id, messageId, () => partialOf(entry, messageId));
      replies.set(messageId, channel);
      return channel.reply;
    });
    entry.actor.send({ type: 'RESTORE', messages: saved.messages, pending: saved.pending, turn: saved.turn, at: clock.now() });
    return replyList;
  };

  const board: Switchboard = {
    createSession(sessionOptions: CreateSessionOptions = {}) {
      ensureRunning();
      return openSession(sessionOptions, true).id;
    },

    restoreSession(saved: SavedSession) {
      ensureRunning();
      if (typeof saved !== 'object' || saved === null || !Array.isArray(saved.messages) || !Array.isArray(saved.pending)) {
        throw new SwitchboardError('invalid_argument', 'restoreSession needs a saved session: { id, messages, pending, turn }.');
      }
      const entry = openSession(saved.name === undefined ? { id: saved.id } : { id: saved.id, name: saved.name }, true);
      return { sessionId: entry.id, replies: restoreInto(entry, saved) };
    },

    renameSession(sessionId, name) {
      ensureRunning();
      const entry = entryOf(sessionId);
      if (typeof name !== 'string' || name.trim() === '') {
        throw new SwitchboardError('invalid_argument', 'A session name must be a non-empty string.');
      }
      entry.name = name.trim();
      persister?.rename(sessionId, entry.name);
    },

    removeSession(sessionId) {
      ensureRunning();
      const entry = entryOf(sessionId);
      persister?.remove(sessionId);
      const { turn, pending } = entry.actor.getSnapshot().context;
      if (turn || pending.length) entry.actor.send({ type: 'CANCEL', at: clock.now(), pending: true });
      if (scheduler.getSnapshot().context.core.active === sessionId) scheduler.send({ type: 'ACTIVATE', sessionId: null, at: clock.now() });
      entry.actor.stop();
      sessions.delete(sessionId);
    },

    send(sessionId, text) {
      ensureRunning();
      const entry = entryOf(sessionId);
      if (typeof text !== 'string' || text.trim() === '') {
        throw new SwitchboardError('invalid_argument', `A message must be non-empty text; got ${typeof text === 'string' ? 'an empty string' : typeof text}.`);
      }
      if (replies.size >= queueCapacity) {
        throw new QueueFullError(
          queueCapacity,
          `The queue is full: ${replies.size} messages are waiting for an answer (capacity ${queueCapacity}). ` +
            'Wait for answers to finish, cancel some, or raise queueCapacity.',
        );
      }
      const messageId = `m${nextMessageNumber++}`;
      const channel = new ReplyChannel(sessionId, messageId, () => partialOf(entry, messageId));
      replies.set(messageId, channel);
      entry.actor.send({ type: 'SEND', messageId, text, at: clock.now() });
      return channel.reply;
    },

    switchTo(sessionId) {
      ensureRunning();
      if (sessionId !== null) entryOf(sessionId);
      scheduler.send({ type: 'ACTIVATE', sessionId, at: clock.now() });
    },

    get activeSessionId() {
      return scheduler.getSnapshot().context.core.active;
    },

    cancel(sessionId, cancelOptions = {}) {
      ensureRunning();
      const entry = entryOf(sessionId);
      const before = entry.actor.getSnapshot().context;
      const hadWork = before.turn !== null || (cancelOptions.pending === true && before.pending.length > 0);
      if (!hadWork) return false;
      entry.actor.send({ type: 'CANCEL', at: clock.now(), pending: cancelOptions.pending === true });
      return true;
    },

    session: (sessionId) => viewOf(entryOf(sessionId)),
    sessions: () => [...sessions.values()].map(viewOf),

    scheduler(): SchedulerView {
      const snapshot = scheduler.getSnapshot();
      const { core } = snapshot.context;
      const now = clock.now();
      return {
        state: snapshot.value as SchedulerView['state'],
        activeSessionId: core.active,
        running: core.runningView(now),
        queued: core.queuedView(now),
      };
    },

    restored,
    stats: () => scheduler.getSnapshot().context.core.stats(),
    transitions$: transitions$.asObservable(),
    get outstanding() {
      return replies.size;
    },
    isIdle: () => replies.size === 0,
    whenIdle() {
      if (replies.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    stop() {
      if (stopped) return;
      // Unfinished turns stay in the store as they are, to resume when it is opened again;
      // only this process's replies end (as cancelled).
      persister?.detach();
      for (const entry of sessions.values()) {
        if (entry.actor.getSnapshot().context.turn || entry.actor.getSnapshot().context.pending.length) {
          entry.actor.send({ type: 'CANCEL', at: clock.now(), pending: true });
        }
      }
      stopped = true;
      for (const entry of sessions.values()) entry.actor.stop();
      scheduler.send({ type: 'STOP' });
      transitions$.complete();
      wakeIdleWaiters();
    },

    actors: {
      scheduler,
      session: (sessionId): AnyActorRef => entryOf(sessionId).actor,
    },
  };
  if (store && persister) {
    const loaded = store.loadAll();
    for (const saved of loaded.sessions) openSession({ id: saved.session.id, name: saved.session.name }, false);
    for (const saved of restoreOrder(loaded)) {
      const entry = sessions.get(saved.session.id)!;
      restored.push(...restoreInto(entry, savedSessionOf(saved, persister.shift)));
      persister.track(entry.id, entry.name, entry.state, entry.actor.getSnapshot().context, saved.session);
    }
  }
  return board;
}
