import type { ChatMessage } from '../../provider/types.js';
import type { SessionView } from '../../switchboard/types.js';
import type { AnswerView } from '../SystemView.js';

/** The answer an uninterrupted run gives to a conversation (ending with the user message answered). */
export type ExpectedAnswer = (conversation: readonly ChatMessage[]) => string;

const chat = (m: { role: ChatMessage['role']; content: string }): ChatMessage => ({ role: m.role, content: m.content });

/**
 * Every answer in the sessions' transcripts, whole or partial, next to the answer an
 * uninterrupted run gives to the conversation before it:
 * - a completed assistant message must equal it;
 * - a cancelled or failed one (its kept partial) must be a prefix of it;
 * - the partial of the turn in progress must be a prefix of the answer to the conversation
 *   up to the turn's user message.
 *
 * @example
 * ```ts
 * const expected = (c) => simulatedReply(c, { tokens: 20, seed: 0 }).join('');
 * answersIntact({ ...view, answers: readAnswers(board.sessions(), expected) });
 * ```
 */
export function readAnswers(sessions: readonly SessionView[], expected: ExpectedAnswer): AnswerView[] {
  const answers: AnswerView[] = [];
  for (const s of sessions) {
    s.messages.forEach((m, index) => {
      if (m.role !== 'assistant') return;
      answers.push({
        messageId: m.id,
        sessionId: s.id,
        text: m.content,
        expected: expected(s.messages.slice(0, index).map(chat)),
        complete: m.status === 'completed',
      });
    });
    if (s.turn && s.turn.partial !== '') {
      const at = s.messages.findIndex((m) => m.id === s.turn!.id);
      answers.push({
        messageId: `${s.turn.id}:partial`,
        sessionId: s.id,
        text: s.turn.partial,
        // A turn whose user message is missing from the transcript has no conversation to
        // compare with: '' makes any partial a departure, which is what it is.
        expected: at < 0 ? '' : expected(s.messages.slice(0, at + 1).map(chat)),
        complete: false,
      });
    }
  }
  return answers;
}
