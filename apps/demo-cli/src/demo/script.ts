import { simulatedReply } from '@switchboard/llm-adapter';
import type { Director } from './Director.js';
import { DEMO_SESSIONS } from './sessions.js';

const RESEARCH_QUESTION = 'Summarise the three papers on speculative decoding';
const RESEARCH_FOLLOW_UP = 'Now list the open questions they leave';
const EMAIL_REQUEST = "Draft a reply to Sam about moving Thursday's review";
const CODE_QUESTION = 'Why does the retry test flake on CI?';

export interface DemoSettings {
  /** Scheduler slots, for the narration. */
  readonly slots: number;
  /** How much of research's answer (in characters) streams before the user interrupts it. */
  readonly preemptAtChars: number;
  /** A short pause between the user's actions, in ms. */
  readonly beatMs: number;
}

/** How far a real server's answer streams before the interruption: its length is not known in advance. */
export const SERVER_PREEMPT_AT_CHARS = 160;

/**
 * Where to interrupt research's simulated answer: about 40% in, late enough to have a
 * visible partial, early enough that the rest is still to come. Its length is known in
 * advance because the simulated answer is a pure function of the conversation.
 *
 * @example
 * ```ts
 * simulatedPreemptAt({ seed: 0, tokens: 48 }); // about 40% of the answer's characters
 * ```
 */
export function simulatedPreemptAt(options: { readonly seed: number; readonly tokens: number }): number {
  const tokens = simulatedReply([{ role: 'user', content: RESEARCH_QUESTION }], options);
  return tokens.slice(0, Math.max(1, Math.floor(tokens.length * 0.4))).join('').length;
}

/**
 * The demo's timeline: the user's actions, each waiting on what the switchboard does
 * rather than on fixed delays, so the story plays out the same at any rate or length.
 *
 * 1. The user looks at `code`; `research` and `email` get work in the background, and a
 *    second `research` message waits behind the first answer.
 * 2. Part-way into research's answer the user asks something in `code`: foreground work
 *    preempts the background answer, which is suspended with its partial.
 * 3. Once code's answer is done, the user switches to `research`: the suspended answer
 *    resumes from its partial, then the waiting message is answered.
 * 4. The user switches to `email`, whose answer has waited all along.
 *
 * @example
 * ```ts
 * await playDemo(director, { slots: 1, preemptAtChars: simulatedPreemptAt({ seed: 0, tokens: 48 }), beatMs: 300 });
 * ```
 */
export async function playDemo(director: Director, settings: DemoSettings): Promise<void> {
  const d = director;
  for (const id of DEMO_SESSIONS) d.board.createSession({ id });

  d.switchTo('code');
  d.note(
    settings.slots === 1
      ? 'research and email get work in the background; one slot, so only one answer streams at a time'
      : `research and email get work in the background; ${settings.slots} slots, so up to ${settings.slots} answers stream at once`,
  );
  const research = d.send('research', RESEARCH_QUESTION);
  const email = d.send('email', EMAIL_REQUEST);
  const followUp = d.send('research', RESEARCH_FOLLOW_UP);

  // Interrupt research part-way into its answer (or once it has ended, if it is shorter).
  await d.untilChars(research, settings.preemptAtChars);

  d.note('you ask something in code: foreground work outranks every background answer');
  const code = d.send('code', CODE_QUESTION);
  await d.untilEnded(code);

  // Say what really happened: with spare slots or very short answers research may not have been interrupted.
  const turn = d.board.session('research').turn;
  const firstDone = d.hasEnded(research);
  d.note(
    firstDone
      ? 'research\'s first answer is already done; its waiting message is next'
      : turn?.id === research.messageId && turn.preemptions > 0
        ? 'research resumes from its kept partial: the dimmed text is what it had before'
        : 'research kept streaming in another slot meanwhile: the dimmed text arrived in the background',
  );
  d.switchTo('research');
  await d.untilEnded(research);
  if (!firstDone) d.note('research\'s second message waited behind that answer: it goes straight on');
  await d.untilEnded(followUp);

  // With spare slots email may be done already: then there is nothing left to watch.
  if (!d.hasEnded(email)) {
    await d.pause(settings.beatMs);
    d.switchTo('email');
    await d.untilEnded(email);
  }
  await d.board.whenIdle();
}
