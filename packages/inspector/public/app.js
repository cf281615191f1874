// The inspector page: receives records over Server-Sent Events and shows the system as of
// the cursor, which follows the newest record (live) until the user pauses or steps.
import { applyRecord, createSystemView } from './model/systemView.js';
import { renderActors } from './view/renderActors.js';
import { renderAnswers } from './view/renderAnswers.js';
import { renderDiagram } from './view/renderDiagram.js';
import { renderScheduler } from './view/renderScheduler.js';
import { renderTimeline } from './view/renderTimeline.js';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

// The token has done its work (the server set a cookie): keep it out of the address bar and history.
if (location.search.includes('token=')) history.replaceState(null, '', location.pathname);

const page = {
  records: [],
  /** Index of the record shown, or null to follow the newest. */
  cursor: null,
  view: createSystemView(),
  selected: null,
  showDeltas: false,
  mode: 'live',
  drawPending: false,
};

const shownIndex = () => (page.cursor === null ? page.records.length - 1 : page.cursor);

/** The system as of record `index`: forward from the current view when possible, else rebuilt. */
function viewAt(index) {
  if (page.view.applied > index + 1) page.view = createSystemView();
  while (page.view.applied <= index) applyRecord(page.view, page.records[page.view.applied]);
  return page.view;
}

function draw() {
  page.drawPending = false;
  const index = shownIndex();
  const view = viewAt(index);
  if (page.selected === null) {
    const first = [...view.actors.values()].find((a) => a.machine === 'session') ?? view.actors.get('scheduler');
    if (first) page.selected = first.name;
  }
  const total = page.records.length;
  const slider = $('history-slider');
  slider.max = String(Math.max(0, total - 1));
  slider.value = String(Math.max(0, index));
  $('position').textContent = `${index + 1} / ${total}${page.cursor === null ? ' · live' : ' · paused'}`;
  $('position').dataset.seq = index >= 0 ? String(page.records[index].seq) : '';
  $('pause').textContent = page.cursor === null ? 'Pause' : 'Follow';
  $('pause').setAttribute('aria-pressed', String(page.cursor !== null));
  document.body.dataset.paused = String(page.cursor !== null);

  renderActors($('actor-tree'), view, page.selected, select);
  const actor = view.actors.get(page.selected) ?? null;
  $('selected-actor').textContent = actor ? actor.name : '';
  void renderDiagram($('diagram'), $('state-path'), actor);
  renderScheduler($('slots').tBodies[0], $('queue').tBodies[0], $('queue-total'), view);
  renderAnswers($('answers'), view);
  renderTimeline($('timeline'), page.records, index, page.showDeltas, moveTo);
}

function redraw() {
  if (page.drawPending) return;
  page.drawPending = true;
  requestAnimationFrame(draw);
}

function select(name) {
  page.selected = name;
  redraw();
}

/** Time travel: show the system as of record `index` (and stop following). */
function moveTo(index) {
  if (page.records.length === 0) return;
  page.cursor = Math.min(Math.max(0, index), page.records.length - 1);
  redraw();
}

function togglePause() {
  page.cursor = page.cursor === null ? page.records.length - 1 : null;
  redraw();
}

$('pause').addEventListener('click', togglePause);
$('step-back').addEventListener('click', () => moveTo(shownIndex() - 1));
$('step-forward').addEventListener('click', () => moveTo(shownIndex() + 1));
$('history-slider').addEventListener('input', (event) => moveTo(Number(event.target.value)));
$('show-deltas').addEventListener('change', (event) => {
  page.showDeltas = event.target.checked;
  redraw();
});
document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.type !== 'range') return;
  if (event.key === 'ArrowLeft') moveTo(shownIndex() - 1);
  else if (event.key === 'ArrowRight') moveTo(shownIndex() + 1);
  else if (event.key === ' ') togglePause();
  else return;
  event.preventDefault();
});

const source = new EventSource('/events');
source.addEventListener('hello', (event) => {
  const hello = JSON.parse(event.data);
  page.mode = hello.mode;
  document.title = hello.title;
  $('title').textContent = hello.title;
  $('mode').textContent = hello.mode === 'replay' ? 'replay' : 'live';
  $('mode').dataset.mode = hello.mode;
});
source.addEventListener('message', (event) => {
  page.records.push(JSON.parse(event.data));
  redraw();
});
source.addEventListener('open', () => {
  $('connection').textContent = 'connected';
  $('connection').dataset.connected = 'true';
});
source.addEventListener('error', () => {
  // The browser retries on its own, asking only for what it missed (Last-Event-ID).
  $('connection').textContent = page.mode === 'replay' ? 'server gone' : 'disconnected';
  $('connection').dataset.connected = 'false';
});
