import { el } from './el.js';
import { stateText } from '../model/systemView.js';

const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Each session's answer so far (cut to the recorder's limit) and its counters. */
export function renderAnswers(box, view) {
  const sessions = [...view.actors.values()].filter((a) => a.summary?.kind === 'session');
  box.replaceChildren(
    ...sessions.map((s) => {
      const turn = s.summary.turn;
      const counters = turn
        ? `${count(turn.tokens, 'token')}, ${count(turn.partialChars, 'char')} · ${turn.preemptions} preempted · ${turn.resumes} resumed`
        : count(s.summary.messages, 'message');
      return el('article', { 'data-testid': `answer-${s.name}`, 'data-state': stateText(s.state) },
        el('h3', {}, s.name, ' ', el('span', { class: `state state-${stateText(s.state)}` }, stateText(s.state))),
        el('p', { class: 'counters' }, counters, s.summary.pending ? ` · +${s.summary.pending} pending` : ''),
        el('pre', { 'data-testid': `partial-${s.name}` }, turn ? turn.partial : ''),
        s.summary.error ? el('p', { class: 'error' }, `${s.summary.error.kind}: ${s.summary.error.message}`) : null,
      );
    }),
  );
}
