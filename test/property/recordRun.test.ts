import { ProviderError, createSwitchboard, createVirtualClock, type TransitionRecord } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';
import { recordRun } from '@switchboard/core/testing';

describe('recordRun', () => {
  it('gives the run --json document: transcripts with statuses, the failure, relative transitions, stats', async () => {
    const clock = createVirtualClock(1000);
    const provider = createSimulatedProvider({
      clock,
      tokens: 6,
      tokensPerSecond: 50,
      firstTokenMs: 100,
      fault: ({ messages }) =>
        messages.at(-1)?.content === 'boom' ? { afterTokens: 2, error: new ProviderError('auth', 'The key was refused.') } : undefined,
    });
    const board = createSwitchboard({ provider, clock, slots: 2 });
    const raw: TransitionRecord[] = [];
    board.transitions$.subscribe((t) => raw.push(t));
    const recorder = recordRun(board, { clock });

    const a = board.createSession({ id: 'a' });
    const b = board.createSession({ id: 'b' });
    board.send(a, 'hello');
    board.send(b, 'boom');
    await clock.runUntil(() => (board.session(a).turn?.partial.length ?? 0) > 0 && clock.now() >= 1140);
    const partial = board.session(a).turn!.partial;
    expect(board.cancel(a)).toBe(true);
    board.send(a, 'again');
    await clock.runUntil(() => board.isIdle());

    const full = (messages: Array<{ role: 'user' | 'assistant'; content: string }>) =>
      simulatedReply(messages, { tokens: 6, seed: 0 }).join('');
    const history = [
      { role: 'user' as const, content: 'hello' },
      { role: 'assistant' as const, content: partial },
      { role: 'user' as const, content: 'again' },
    ];
    const doc = recorder.document();
    expect(doc.sessions).toEqual([
      {
        id: 'a',
        state: 'idle',
        messages: [
          { role: 'user', content: 'hello' },
          { role: 'assistant', content: partial, status: 'cancelled' },
          { role: 'user', content: 'again' },
          { role: 'assistant', content: full(history) },
        ],
      },
      {
        id: 'b',
        state: 'failed',
        messages: [
          { role: 'user', content: 'boom' },
          { role: 'assistant', content: simulatedReply([{ role: 'user', content: 'boom' }], { tokens: 6, seed: 0 }).slice(0, 2).join(''), status: 'failed' },
        ],
        error: { kind: 'auth', message: 'The key was refused.' },
      },
    ]);
    // Exactly the documented keys: nothing internal leaks (no ids, times, turn, pending).
    expect(Object.keys(doc)).toEqual(['sessions', 'transitions', 'stats']);
    expect(Object.keys(doc.sessions[0]!)).toEqual(['id', 'state', 'messages']);
    expect(Object.keys(doc.sessions[0]!.messages[3]!)).toEqual(['role', 'content']);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);

    expect(doc.transitions.length).toBeGreaterThan(0);
    expect(doc.transitions).toEqual(raw.map((t) => ({ ...t, at: t.at - 1000 })));
    expect(doc.transitions[0]).toEqual({ at: 0, session: 'a', from: 'idle', to: 'queued' });
    expect(doc.stats).toEqual(board.stats());
    expect(doc.stats).toMatchObject({ completions: 1, cancellations: 1, failures: 1 });
  });

  it('keeps a live transitions array until stop, and takes startedAt as time 0', async () => {
    const clock = createVirtualClock();
    const board = createSwitchboard({ provider: createSimulatedProvider({ clock, tokens: 3 }), clock });
    await clock.advance(500);
    const recorder = recordRun(board, { clock, startedAt: 200 });
    const a = board.createSession({ id: 'a' });
    board.send(a, 'hi');
    expect(recorder.transitions).toEqual([{ at: 300, session: 'a', from: 'idle', to: 'queued' }, { at: 300, session: 'a', from: 'queued', to: 'streaming' }]);
    await clock.runUntil(() => board.isIdle());
    const seen = recorder.transitions.length;
    expect(recorder.transitions.at(-1)).toMatchObject({ from: 'streaming', to: 'idle' });
    recorder.stop();
    board.send(a, 'again');
    await clock.runUntil(() => board.isIdle());
    expect(recorder.transitions).toHaveLength(seen);
    expect(recorder.document().transitions).toHaveLength(seen);
    expect(recorder.document().sessions[0]!.messages).toHaveLength(4);
  });
});
