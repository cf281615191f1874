import { duration, el } from './el.js';
import { stateText, timelineClass } from '../model/systemView.js';

const SHOWN = 200;

const describe = (record) =>
  record.kind === 'transition'
    ? [record.actor, `${stateText(record.from) || '∅'} → ${stateText(record.to)}`, `on ${record.event}`]
    : [`${record.source ?? 'api'} → ${record.actor}`, record.event.type, detail(record.event)];

const detail = (event) => {
  const parts = [];
  if (typeof event.turnId === 'string') parts.push(`turn ${event.turnId}`);
  if (typeof event.sessionId === 'string') parts.push(`session ${event.sessionId}`);
  if (typeof event.text === 'string') parts.push(JSON.stringify(event.text));
  if (typeof event.outcome === 'string') parts.push(event.outcome);
  return parts.join(' · ');
};

/** The last events and transitions up to the cursor: who sent what to whom; grants and interrupts stand out. */
export function renderTimeline(list, records, cursor, showDeltas, onPick) {
  const picked = [];
  for (let i = cursor; i >= 0 && picked.length < SHOWN; i--) {
    const kind = timelineClass(records[i], showDeltas);
    if (kind) picked.push([i, kind]);
  }
  const start = records[0]?.at ?? 0;
  list.replaceChildren(
    ...picked.reverse().map(([i, kind]) => {
      const record = records[i];
      const [who, what, extra] = describe(record);
      return el('li', {
          'data-testid': 'timeline-entry',
          'data-seq': record.seq,
          'data-kind': record.kind,
          'data-actor': record.actor,
          'data-source': record.kind === 'event' ? (record.source ?? '') : undefined,
          'data-event-type': record.kind === 'event' ? record.event.type : record.event,
          'data-to': record.kind === 'transition' ? stateText(record.to) : undefined,
          class: `ev-${kind}${i === cursor ? ' current' : ''}`,
          onclick: () => onPick(i),
        },
        el('span', { class: 'time' }, `+${duration(record.at - start)}`),
        el('span', { class: 'who' }, who),
        el('span', { class: 'what' }, what),
        el('span', { class: 'extra' }, extra),
      );
    }),
  );
  // The newest entry shown is the cursor's: keep it in view without scrolling the page itself.
  list.scrollTop = list.scrollHeight;
}
