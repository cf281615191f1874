import type { SessionView } from '@switchboard/core';
import { simulatedReply } from '@switchboard/llm-adapter';

/**
 * For every assistant message in a transcript, the answer an uninterrupted run of the
 * simulated provider gives to the conversation before it.
 */
export function expectedAnswers(session: SessionView, options: { tokens: number; seed?: number }) {
  return session.messages.flatMap((message, index) =>
    message.role === 'assistant'
      ? [
          {
            actual: message.content,
            expected: simulatedReply(
              session.messages.slice(0, index).map((m) => ({ role: m.role, content: m.content })),
              { tokens: options.tokens, seed: options.seed ?? 0 },
            ).join(''),
          },
        ]
      : [],
  );
}
