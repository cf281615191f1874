import type { SystemView, Violation } from '../SystemView.js';

/**
 * Invariant 4: every answer is the uninterrupted answer: a partial is a prefix of it
 * (nothing repeated, nothing out of place), a completed one equals it (nothing lost).
 *
 * @example
 * ```ts
 * answersIntact(view);
 * ```
 */
export function answersIntact(view: SystemView): Violation | null {
  for (const a of view.answers) {
    if (a.complete ? a.text !== a.expected : !a.expected.startsWith(a.text)) {
      const at = firstDifference(a.text, a.expected);
      return {
        invariant: 'answer',
        message: `the ${a.complete ? 'answer' : 'partial'} to ${a.messageId} (${a.sessionId}) departs from the uninterrupted answer at character ${at}: ${JSON.stringify(a.text.slice(at, at + 24))} instead of ${JSON.stringify(a.expected.slice(at, at + 24))}`,
      };
    }
  }
  return null;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
