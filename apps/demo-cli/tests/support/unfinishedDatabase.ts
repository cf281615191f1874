import { createSwitchboard, createVirtualClock } from '@switchboard/core';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { openSqliteStore } from '@switchboard/store';

/** The simulated settings the database is written with; `resume` must be given the same. */
export const SIMULATED = { seed: 0, tokens: 40, tokensPerSecond: 40, firstTokenMs: 250 } as const;

export const QUESTIONS = {
  research: 'Summarise the three papers on speculative decoding',
  followUp: 'And which one is fastest?',
  email: 'Draft a reply to Ana',
} as const;

/**
 * Writes a database as a process killed mid-answer leaves it, through the real store and
 * the real switchboard: "research" streams part of its answer with a follow-up waiting
 * behind it, "email" is queued behind it for the one slot. `board.stop()` then leaves the
 * unfinished turns in the store (it writes the partial first).
 *
 * @returns the partial research's answer was stopped at
 */
export async function writeUnfinishedDatabase(file: string): Promise<string> {
  const clock = createVirtualClock();
  const store = openSqliteStore(file);
  try {
    const provider = createSimulatedProvider({ clock, ...SIMULATED });
    const board = createSwitchboard({ provider, clock, store, slots: 1 });
    board.createSession({ id: 'research' });
    board.createSession({ id: 'email' });
    for (const [id, text] of [['research', QUESTIONS.research], ['research', QUESTIONS.followUp], ['email', QUESTIONS.email]] as const) {
      board.send(id, text).result.catch(() => undefined);
    }
    // First token after 250 ms, then 40 tokens/s: about 14 tokens of the 40 by 600 ms.
    await clock.advance(600);
    const partial = board.session('research').turn?.partial ?? '';
    board.stop();
    return partial;
  } finally {
    store.close();
  }
}

/** The answers an uninterrupted run gives to the conversations written above. */
export function uninterruptedAnswers() {
  const options = { seed: SIMULATED.seed, tokens: SIMULATED.tokens };
  const research = simulatedReply([{ role: 'user', content: QUESTIONS.research }], options).join('');
  const followUp = simulatedReply(
    [
      { role: 'user', content: QUESTIONS.research },
      { role: 'assistant', content: research },
      { role: 'user', content: QUESTIONS.followUp },
    ],
    options,
  ).join('');
  const email = simulatedReply([{ role: 'user', content: QUESTIONS.email }], options).join('');
  return { research, followUp, email };
}
