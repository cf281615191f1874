import { duration, el } from './el.js';

const priority = (p) => p.toFixed(3);

/** The running slots (and free ones) and the queue in service order, with effective priorities and waits. */
export function renderScheduler(slotsBody, queueBody, totalLabel, view) {
  const scheduler = [...view.actors.values()].find((a) => a.summary?.kind === 'scheduler')?.summary;
  if (!scheduler) {
    slotsBody.replaceChildren();
    queueBody.replaceChildren();
    totalLabel.textContent = '';
    return;
  }
  const free = Math.max(0, scheduler.slots - scheduler.running.length);
  slotsBody.replaceChildren(
    ...scheduler.running.map((r) =>
      el('tr', { 'data-testid': 'slot-row', 'data-session': r.sessionId, class: r.priorityClass },
        el('td', {}, r.sessionId), el('td', {}, r.priorityClass), el('td', {}, priority(r.effectivePriority)), el('td', {}, duration(r.ms))),
    ),
    ...Array.from({ length: free }, () => el('tr', { 'data-testid': 'slot-free', class: 'free' }, el('td', { colspan: 4 }, 'free'))),
  );
  queueBody.replaceChildren(
    ...scheduler.queued.map((r, i) =>
      el('tr', { 'data-testid': 'queue-row', 'data-session': r.sessionId, class: r.priorityClass },
        el('td', {}, i + 1), el('td', {}, r.sessionId + (r.resumed ? ' (resumes)' : '')), el('td', {}, r.priorityClass),
        el('td', {}, priority(r.effectivePriority)), el('td', {}, duration(r.ms))),
    ),
  );
  const hidden = scheduler.queuedTotal - scheduler.queued.length;
  totalLabel.textContent = `${scheduler.queuedTotal} waiting${hidden > 0 ? ` (${hidden} not shown)` : ''}`;
}
