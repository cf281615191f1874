import { activeKeys, stateText } from '../model/systemView.js';

const cache = new Map();

/** Fetches a machine's SVG once (the cookie carries the token), or null when there is none. */
function load(machine) {
  if (!cache.has(machine)) {
    cache.set(
      machine,
      fetch(`/diagrams/${encodeURIComponent(machine)}.svg`).then((res) => (res.ok ? res.text() : null), () => null),
    );
  }
  return cache.get(machine);
}

let shown = null;

/**
 * The selected actor's statechart, its active states marked with `sb-active` (the SVG's
 * state nodes carry `data-state="<key>"` and class `sb-state`).
 */
export async function renderDiagram(box, pathLine, actor) {
  pathLine.textContent = actor ? actor.path.join(' → ') : '';
  const machine = actor?.machine ?? null;
  if (machine !== shown) {
    shown = machine;
    if (machine === null) {
      box.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: actor ? 'This actor has no statechart.' : 'Select an actor.' }));
    } else {
      const svg = await load(machine);
      if (shown !== machine) return; // the selection moved on while loading
      if (svg === null) {
        box.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: `No diagram for machine "${machine}".` }));
      } else {
        box.innerHTML = svg; // our own server's drawing of our own machine
      }
    }
  }
  const active = new Set(actor ? activeKeys(actor.state) : []);
  for (const node of box.querySelectorAll('[data-state]')) node.classList.toggle('sb-active', active.has(node.getAttribute('data-state')));
  box.setAttribute('data-active', actor ? stateText(actor.state) : '');
}
