import { createMemoryStore, createSwitchboard, createVirtualClock, type MemoryStore, type SessionView } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Property: whatever the sessions were doing and whenever the process dies (after each
 * transaction the store committed, in turn), a new switchboard on what the store holds loses no
 * accepted message, answers each exactly once, and every completed answer equals the
 * uninterrupted one.
 */

const SESSIONS = ['a', 'b', 'c'] as const;
type Command =
  | { kind: 'send'; session: number; text: string }
  | { kind: 'switch'; session: number }
  | { kind: 'cancel'; session: number }
  | { kind: 'advance'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), session: fc.nat(2), text: fc.constantFrom('hi', 'why?', 'tell me more') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('switch' as const), session: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), session: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 400 }) }) },
);

const config = fc.record({
  slots: fc.integer({ min: 1, max: 2 }),
  tokens: fc.integer({ min: 3, max: 10 }),
  tokensPerSecond: fc.constantFrom(20, 50, 100),
  flushTokens: fc.integer({ min: 1, max: 8 }),
  flushMs: fc.integer({ min: 20, max: 300 }),
});

type Config = { slots: number; tokens: number; tokensPerSecond: number; flushTokens: number; flushMs: number };

function board(store: MemoryStore, c: Config) {
  const clock = createVirtualClock();
  const provider = createSimulatedProvider({ clock, tokens: c.tokens, tokensPerSecond: c.tokensPerSecond, firstTokenMs: 10 });
  return { clock, board: createSwitchboard({ provider, clock, store, slots: c.slots, persist: { flushTokens: c.flushTokens, flushMs: c.flushMs } }) };
}

/** Runs the commands, keeping a copy of the store after every commit and which sends had returned by then. */
async function runRecording(c: Config, commands: readonly Command[]) {
  const store = createMemoryStore();
  const disks: Array<{ disk: MemoryStore; returned: Record<string, number> }> = [];
  const returned: Record<string, number> = { a: 0, b: 0, c: 0 };
  const commit = store.commit.bind(store);
  store.commit = (batch) => {
    commit(batch);
    disks.push({ disk: store.copy(), returned: { ...returned } });
  };
  const { clock, board: b } = board(store, c);
  for (const id of SESSIONS) b.createSession({ id });
  const sent: Record<string, string[]> = { a: [], b: [], c: [] };
  for (const cmd of commands) {
    if (cmd.kind === 'send') {
      const id = SESSIONS[cmd.session]!;
      b.send(id, cmd.text);
      sent[id]!.push(cmd.text);
      returned[id]!++;
    } else if (cmd.kind === 'switch') b.switchTo(SESSIONS[cmd.session]!);
    else if (cmd.kind === 'cancel') b.cancel(SESSIONS[cmd.session]!);
    else await clock.advance(cmd.ms);
  }
  await clock.runUntil(() => b.isIdle());
  // A turn cancelled before its first token leaves no answer: those are the only user messages allowed none.
  const unanswered = new Set(
    b.sessions().flatMap((v) => v.messages.filter((m, i) => m.role === 'user' && v.messages[i + 1]?.role !== 'assistant').map((m) => m.id)),
  );
  return { disks, sent, unanswered };
}

function check(view: SessionView, sent: readonly string[], returned: number, unanswered: ReadonlySet<string>, tokens: number) {
  const ids = view.messages.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  const users = view.messages.filter((m) => m.role === 'user').map((m) => m.content);
  expect(users).toEqual(sent.slice(0, users.length));
  expect(users.length).toBeGreaterThanOrEqual(returned);
  view.messages.forEach((m, i) => {
    const previous = view.messages[i - 1];
    if (m.role === 'user') {
      const answered = view.messages[i + 1]?.role === 'assistant';
      if (!answered) expect(unanswered.has(m.id)).toBe(true);
      return;
    }
    // One answer per question, right after it.
    expect(previous?.role).toBe('user');
    const expected = simulatedReply(view.messages.slice(0, i).map((x) => ({ role: x.role, content: x.content })), { tokens, seed: 0 }).join('');
    if (m.status === 'completed') expect(m.content).toBe(expected);
    else expect(expected.startsWith(m.content)).toBe(true);
  });
}

export interface CrashPropertyResult {
  readonly runs: number;
  readonly failed: boolean;
  readonly counterexample: string | null;
}

/**
 * Runs the property `numRuns` times (fast-check shrinks a failure to a short command list).
 *
 * @example
 * ```ts
 * const { failed, counterexample } = await runCrashProperty({ numRuns: 1000 });
 * ```
 */
export async function runCrashProperty(options: { numRuns: number }): Promise<CrashPropertyResult> {
  const details = await fc.check(
    fc.asyncProperty(config, fc.array(command, { minLength: 1, maxLength: 14 }), async (c, commands) => {
      const { disks, sent, unanswered } = await runRecording(c, commands);
      // A crash after each write in turn: cheap on the virtual clock, and no moment is left to chance.
      for (const { disk, returned } of disks) {
        const { clock, board: b } = board(disk, c);
        await clock.runUntil(() => b.isIdle());
        const restored = new Set(b.sessions().map((v) => v.id));
        for (const id of SESSIONS) {
          // A crash may come before a session was created, never after a message to it was accepted.
          if (restored.has(id)) check(b.session(id), sent[id]!, returned[id]!, unanswered, c.tokens);
          else expect(returned[id]).toBe(0);
        }
      }
    }),
    { numRuns: options.numRuns },
  );
  return { runs: details.numRuns, failed: details.failed, counterexample: details.failed ? fc.defaultReportMessage(details) ?? 'failed' : null };
}
