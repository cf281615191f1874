import { createMemoryStore, createSwitchboard, createVirtualClock } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';
import { ChatStore } from '../src/chat/ChatStore.js';

const SETTINGS = { seed: 0, tokens: 30, tokensPerSecond: 40, firstTokenMs: 0 };

/** A store as an earlier chat left it: "chat 1" answered, "notes" with an answer cut short. */
async function earlierChat() {
  const clock = createVirtualClock();
  const store = createMemoryStore();
  const board = createSwitchboard({ provider: createSimulatedProvider({ clock, ...SETTINGS }), clock, store });
  const chat = new ChatStore(board, { provider: 'simulated', throttleMs: 0 });
  chat.newSession();
  chat.send('first question');
  await clock.runUntil(() => board.isIdle());
  chat.newSession('notes');
  chat.send('an unfinished one');
  await clock.advance(300);
  const partial = board.session('s2').turn!.partial;
  chat.dispose();
  board.stop();
  return { store, partial };
}

describe('ChatStore on a board restored from a store', () => {
  it('lists the restored sessions, numbers new ones after them, and marks a restored answer that finishes in the background', async () => {
    const { store, partial } = await earlierChat();
    expect(partial).not.toBe('');
    const clock = createVirtualClock();
    const board = createSwitchboard({ provider: createSimulatedProvider({ clock, ...SETTINGS }), clock, store });
    const chat = new ChatStore(board, { provider: 'simulated', throttleMs: 0 });
    try {
      expect(chat.sessionIds).toEqual(['s1', 's2']);
      expect(chat.getSnapshot().sessions.map((s) => [s.number, s.name])).toEqual([[1, 'chat 1'], [2, 'notes']]);

      chat.switchTo('s1');
      expect(chat.newSession()).toBe('s3');
      expect(board.session('s3').name).toBe('chat 3');
      chat.switchTo('s1');

      // The cut-short answer resumes from its partial and ends as the uninterrupted one would.
      for (const reply of board.restored) reply.result.catch(() => undefined);
      await clock.runUntil(() => board.isIdle());
      const answer = board.session('s2').messages.at(-1)!;
      expect(answer.content).toBe(simulatedReply([{ role: 'user', content: 'an unfinished one' }], SETTINGS).join(''));
      chat.flush();
      expect(chat.getSnapshot().sessions.find((s) => s.id === 's2')!.unread).toBe(true);
    } finally {
      chat.dispose();
      board.stop();
    }
  });
});
