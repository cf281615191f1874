import type { SessionView } from '@switchboard/core';
import { simulatedReply } from '@switchboard/llm-adapter';

/** A completed answer compared with what an uninterrupted run would have said. */
export interface AnswerCheck {
  readonly sessionId: string;
  readonly messageId: string;
  readonly matches: boolean;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Recomputes every completed answer from the conversation before it, with the
 * simulated provider's own pure function: a preempted-and-resumed answer must come out
 * identical to one that was never interrupted. Cancelled and failed answers hold only a
 * partial and are skipped.
 *
 * @example
 * ```ts
 * const checks = verifyAnswers(board.sessions(), { seed: 0, tokens: 48 });
 * const ok = checks.every((c) => c.matches);
 * ```
 */
export function verifyAnswers(sessions: readonly SessionView[], options: { seed: number; tokens: number }): AnswerCheck[] {
  const checks: AnswerCheck[] = [];
  for (const session of sessions) {
    session.messages.forEach((message, index) => {
      if (message.role !== 'assistant' || message.status !== 'completed') return;
      // The provider saw the whole transcript up to and including the question.
      const conversation = session.messages.slice(0, index).map((m) => ({ role: m.role, content: m.content }));
      const expected = simulatedReply(conversation, options).join('');
      checks.push({ sessionId: session.id, messageId: message.id, matches: expected === message.content, expected, actual: message.content });
    });
  }
  return checks;
}
