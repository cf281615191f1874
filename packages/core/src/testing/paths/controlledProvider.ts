import type { ProviderError } from '../../provider/ProviderError.js';
import type { ChatMessage, Provider, StreamEvent, StreamRequest, ToolCallDelta } from '../../provider/types.js';

/**
 * A failure for the inner provider to inject, in the simulated provider's terms: stream
 * `afterTokens` tokens, then throw `error`.
 */
export interface FaultPlan {
  readonly afterTokens: number;
  readonly error: ProviderError;
}

/** Shaped like the simulated provider's `fault` option: asked once per stream, when it starts. */
export type FaultHook = (attempt: { readonly index: number; readonly messages: readonly ChatMessage[]; readonly prefix: string }) => FaultPlan | undefined;

/**
 * What the driver tells one session's stream to do next.
 * - `delta`: pass on the inner provider's next token (on its schedule, on the virtual clock);
 *   `fault` is armed if this opens the inner stream, so that it fails after the planned tokens;
 * - `tool_call`, `restart`: report that (the simulated provider streams text only);
 * - `done`: finish now;
 * - `error`: fail now, through the inner provider's fault hook.
 */
export type StreamCommand =
  | { readonly type: 'delta'; readonly fault?: FaultPlan }
  | { readonly type: 'tool_call'; readonly delta: ToolCallDelta }
  | { readonly type: 'restart' }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly error: ProviderError };

/** A provider whose tagged streams do only what the driver commands. */
export interface ControlledProvider {
  /** Give this to the switchboard. */
  readonly provider: Provider;
  /** Queues a command for the session's current (or next) stream. */
  command(sessionId: string, command: StreamCommand): void;
  /** Marks a message as the session's, so the provider can tell whose stream a request is. */
  tag(sessionId: string, text: string): string;
  /** Streams started per session, for diagnostics. */
  readonly started: ReadonlyMap<string, number>;
  /** What went wrong inside a stream (a plan the inner provider did not follow); empty if nothing. */
  readonly problems: readonly string[];
}

const TAG = /^\[([^\]\s]+)\] /;

interface Mailbox {
  readonly queue: StreamCommand[];
  wake: (() => void) | null;
}

/**
 * Puts the driver in charge of every tagged stream: a stream sits silent, holding its slot,
 * until a command arrives. Text comes from the inner provider (the simulated one in our
 * tests) token by token on its virtual-clock schedule, and failures go through its `fault`
 * hook; only the finish, tool calls and restarts are produced here.
 *
 * Why not let the simulated provider run freely: a model path says "a token arrives" or
 * "the stream fails" one event at a time, and between two events the driver may cancel,
 * preempt or send; a provider that streams on its own would race those steps. Held streams
 * also keep helper sessions holding their slot for as long as a path needs.
 *
 * @example
 * ```ts
 * const controlled = createControlledProvider((fault) => createSimulatedProvider({ clock, fault }));
 * const board = createSwitchboard({ provider: controlled.provider, clock });
 * board.send('a', controlled.tag('a', 'Hello'));
 * controlled.command('a', { type: 'delta' });
 * await clock.runUntil(() => board.session('a').turn?.partial !== '');
 * ```
 */
export function createControlledProvider(make: (fault: FaultHook) => Provider): ControlledProvider {
  const mailboxes = new Map<string, Mailbox>();
  const armed = new Map<string, FaultPlan>();
  const started = new Map<string, number>();
  const problems: string[] = [];

  const sessionOf = (messages: readonly ChatMessage[]): string | undefined => {
    const first = messages.find((m) => m.role === 'user');
    return first ? TAG.exec(first.content)?.[1] : undefined;
  };

  const fault: FaultHook = ({ messages }) => {
    const id = sessionOf(messages);
    if (id === undefined) return undefined;
    const plan = armed.get(id);
    armed.delete(id);
    return plan;
  };
  const inner = make(fault);

  const mailbox = (id: string) => {
    let box = mailboxes.get(id);
    if (!box) mailboxes.set(id, (box = { queue: [], wake: null }));
    return box;
  };

  const take = (id: string, signal: AbortSignal): Promise<StreamCommand> =>
    new Promise((resolve, reject) => {
      const box = mailbox(id);
      // Only this waiter's own wake-up is cleared: a stopped stream must not unhook its successor.
      const wake = () => void poll();
      const unhook = () => {
        if (box.wake === wake) box.wake = null;
      };
      const poll = () => {
        const next = box.queue.shift();
        if (!next) return false;
        unhook();
        signal.removeEventListener('abort', onAbort);
        resolve(next);
        return true;
      };
      const onAbort = () => {
        unhook();
        reject(signal.reason);
      };
      if (signal.aborted) return reject(signal.reason);
      if (poll()) return;
      box.wake = wake;
      signal.addEventListener('abort', onAbort, { once: true });
    });

  async function* run(id: string, request: StreamRequest): AsyncGenerator<StreamEvent, void, undefined> {
    started.set(id, (started.get(id) ?? 0) + 1);
    let source: AsyncIterator<StreamEvent> | undefined;
    // The simulated provider asks its fault hook when its generator first runs, which is
    // inside this first `next()`: arm, read, disarm.
    const pull = async (plan: FaultPlan | undefined) => {
      const opening = source === undefined;
      source ??= inner.stream(request)[Symbol.asyncIterator]();
      if (opening && plan) armed.set(id, plan);
      const reading = source.next();
      armed.delete(id);
      return reading;
    };
    try {
      for (;;) {
        const command = await take(id, request.signal);
        switch (command.type) {
          case 'delta': {
            const next = await pull(command.fault);
            if (next.done || next.value.type !== 'delta') {
              problems.push(`${id}: a token was expected, the provider sent ${next.done ? 'nothing more' : next.value.type} (give it more tokens)`);
              return;
            }
            yield next.value;
            break;
          }
          case 'error': {
            const opening = source === undefined;
            const next = await pull(opening ? { afterTokens: 0, error: command.error } : undefined);
            problems.push(
              `${id}: the provider was told to fail but sent ${next.done ? 'nothing more' : next.value.type}` +
                (opening ? '' : ' (plan the fault with the first delta of the attempt)'),
            );
            return;
          }
          case 'tool_call':
            yield { type: 'tool_call', ...command.delta };
            break;
          case 'restart':
            yield { type: 'restart' };
            break;
          case 'done':
            yield { type: 'finish', reason: 'stop' };
            return;
        }
      }
    } finally {
      void source?.return?.(undefined);
    }
  }

  return {
    provider: {
      name: `controlled(${inner.name})`,
      ...(inner.model === undefined ? {} : { model: inner.model }),
      stream: (request) => {
        const id = sessionOf(request.messages);
        return id === undefined ? inner.stream(request) : run(id, request);
      },
    },
    command(sessionId, command) {
      const box = mailbox(sessionId);
      box.queue.push(command);
      box.wake?.();
    },
    tag: (sessionId, text) => `[${sessionId}] ${text}`,
    started,
    problems,
  };
}
