import { el } from './el.js';
import { stateText } from '../model/systemView.js';

/** Roots first (the scheduler before the sessions), children under their parent; finished children are left out. */
function ordered(view) {
  const all = [...view.actors.values()].filter((a) => a.parent === null || a.status === 'active');
  const roots = all.filter((a) => a.parent === null).sort((a, b) => (a.machine === 'scheduler' ? -1 : b.machine === 'scheduler' ? 1 : 0));
  const children = (name) => all.filter((a) => a.parent === name);
  const out = [];
  const visit = (actor, depth) => {
    out.push([actor, depth]);
    for (const child of children(actor.name)) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return out;
}

/** The actor tree: each actor with its current state; a click selects it. */
export function renderActors(list, view, selected, onSelect) {
  list.replaceChildren(
    ...ordered(view).map(([actor, depth]) => {
      const state = stateText(actor.state) || actor.status;
      return el(
        'li',
        {
          'data-testid': `actor-${actor.name}`,
          'data-state': state,
          'data-status': actor.status,
          class: actor.name === selected ? 'selected' : undefined,
          style: `padding-left: ${depth * 1.2}em`,
        },
        el('button', { type: 'button', onclick: () => onSelect(actor.name) }, actor.name),
        ' ',
        el('span', { class: `state state-${state}`, 'data-testid': 'actor-state' }, state),
      );
    }),
  );
}
