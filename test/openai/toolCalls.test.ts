import { createSwitchboard } from '@switchboard/core';
import { createOpenAIProvider, simulatedReply } from '@switchboard/llm-adapter';
import { startMockServer } from '@switchboard/mock-server';
import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';

const tools = [{ type: 'function', function: { name: 'lookup', description: 'Looks something up', parameters: { type: 'object', properties: { query: { type: 'string' } } } } }];

describe('tool calls through the real SDK', () => {
  it('are surfaced as events, kept in the answer, and never split by a preemption', async () => {
    const server = await startMockServer({ tokens: 12, tokensPerSecond: 300 });
    try {
      const provider = createOpenAIProvider({ baseURL: server.baseURL, model: 'mock', continuation: 'prefix', tools });
      const board = createSwitchboard({ provider, slots: 1 });
      const fg = board.createSession({ id: 'fg' });
      const bg = board.createSession({ id: 'bg' });
      board.switchTo(fg);
      const question = 'What is the weather in Lisbon today?';
      const background = board.send(bg, question);
      let pieces: string[] = [];
      let discarded = 0;
      background.events$.subscribe((e) => {
        if (e.type === 'toolCall') pieces.push(e.delta.arguments);
        if (e.type === 'toolCallsDiscarded') {
          discarded++;
          pieces = [];
        }
      });
      // Preempt in the middle of the tool call.
      await firstValueFrom(background.events$.pipe(filter((e) => e.type === 'toolCall')));
      board.send(fg, 'interrupt');
      expect(board.session(bg).state).toBe('suspended');
      expect(board.session(bg).turn!.toolCalls).toEqual([]);
      await board.whenIdle();

      const answer = await background.result;
      const args = JSON.stringify({ query: question });
      expect(answer.toolCalls).toEqual([{ id: expect.any(String), name: 'lookup', arguments: args }]);
      expect(answer.content).toBe(simulatedReply([{ role: 'user', content: question }], { tokens: 12, seed: 0 }).join(''));
      // The dropped attempt's pieces were announced as discarded; the pieces after it build the kept call.
      expect(discarded).toBe(1);
      expect(pieces.join('')).toBe(args);
      board.stop();
    } finally {
      await server.close();
    }
  });
});
