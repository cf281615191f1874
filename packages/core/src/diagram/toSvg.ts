import type { AnyStateMachine } from 'xstate';
import { escapeXml } from './escapeXml.js';
import { px } from './layout/curveThrough.js';
import { METRICS } from './layout/metrics.js';
import { layoutMachine, type InitialLayout, type StateLayout, type TransitionLayout } from './layoutMachine.js';
import { triggerLabel } from './transitionLabel.js';

/** Options of {@link toSvg}. */
export interface SvgOptions {
  /**
   * Keys of the states to draw as active (class `sb-active`): exactly these, nothing
   * implied. For a snapshot's states at every depth, pass `stateValueKeys(snapshot.value)`.
   * An unknown key is an error.
   */
  readonly active?: readonly string[];
  /** The SVG's `<title>` (its accessible name); default `<machine id> statechart`. */
  readonly title?: string;
}

const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace";
const INK = '#0f172a';
const LINE = '#64748b';
const ACCENT = '#d97706';

/**
 * Only the active look lives in CSS, so a page can toggle `sb-active` on any state or
 * transition; everything else is drawn with presentation attributes, which every viewer honours.
 */
const STYLE = [
  `.sb-state.sb-active > .sb-box { fill: #fef3c7; stroke: ${ACCENT}; stroke-width: 3px; }`,
  '.sb-state.sb-compound.sb-active > .sb-box, .sb-state.sb-parallel.sb-active > .sb-box { fill: #fffbeb; }',
  '.sb-state.sb-active > .sb-name { font-weight: 700; }',
  `.sb-transition.sb-active > .sb-transition-path { stroke: ${ACCENT}; stroke-width: 2.5px; marker-end: url(#sb-arrow-active); }`,
  '.sb-transition.sb-active > .sb-transition-label { fill: #b45309; font-weight: 700; }',
].join('\n');

const attrs = (pairs: Record<string, string | number | undefined>) =>
  Object.entries(pairs)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? px(value) : escapeXml(value!)}"`)
    .join('');

const arrow = (id: string, fill: string) =>
  `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${fill}"/></marker>`;

function drawState(state: StateLayout, active: boolean): string {
  const classes = ['sb-state', `sb-${state.kind}`, ...(state.region ? ['sb-region'] : []), ...(active ? ['sb-active'] : [])];
  const open = `<g${attrs({ class: classes.join(' '), 'data-state': state.key, 'data-kind': state.kind })}>`;
  const title = state.description ? `<title>${escapeXml(state.description)}</title>` : '';
  const cx = state.x + state.width / 2;
  const cy = state.y + state.height / 2;
  const name = (text: string, x: number, y: number, anchor: string, weight?: string) =>
    `<text${attrs({ class: 'sb-name', x, y, 'text-anchor': anchor, 'font-size': String(METRICS.stateFont), 'font-weight': weight, fill: INK })}>${escapeXml(text)}</text>`;
  const box = (fill: string, stroke: string, rx: number, dashed = false) =>
    `<rect${attrs({ class: 'sb-box', x: state.x, y: state.y, width: state.width, height: state.height, rx, fill, stroke, 'stroke-width': '1.5', 'stroke-dasharray': dashed ? '6 4' : undefined })}/>`;
  const baseline = (y: number) => y + METRICS.stateFont * 0.35;

  switch (state.kind) {
    case 'compound':
    case 'parallel': {
      const header = name(state.name, state.x + METRICS.statePadding, baseline(state.y + METRICS.header / 2 + 2), 'start', '600');
      return `${open}${title}${box(state.region ? '#ffffff' : '#f8fafc', '#94a3b8', 10, state.region)}${header}</g>`;
    }
    case 'history': {
      const circle = `<circle${attrs({ class: 'sb-box', cx, cy, r: state.width / 2, fill: '#ffffff', stroke: LINE, 'stroke-width': '1.5' })}/>`;
      const label = name(state.history === 'deep' ? 'H*' : 'H', cx, baseline(cy), 'middle');
      return `${open}<title>${escapeXml(state.description ?? `${state.name} (${state.history} history)`)}</title>${circle}${label}</g>`;
    }
    case 'final': {
      const inner = `<rect${attrs({ class: 'sb-final-ring', x: state.x + 3, y: state.y + 3, width: state.width - 6, height: state.height - 6, rx: 6, fill: 'none', stroke: '#475569', 'stroke-width': '1' })}/>`;
      return `${open}${title}${box('#ffffff', '#475569', 8)}${inner}${name(state.name, cx, baseline(cy), 'middle')}</g>`;
    }
    default:
      return `${open}${title}${box('#ffffff', '#475569', 8)}${name(state.name, cx, baseline(cy), 'middle')}</g>`;
  }
}

function drawTransition(t: TransitionLayout): string {
  const open = `<g${attrs({ class: 'sb-transition', 'data-event': t.event, 'data-from': t.from, 'data-to': t.to, 'data-guard': t.guard })}>`;
  const path = `<path${attrs({ class: 'sb-transition-path', d: t.path, fill: 'none', stroke: LINE, 'stroke-width': '1.3', 'marker-end': 'url(#sb-arrow)' })}/>`;
  const { x, y, width, height } = t.labelBox;
  const background = `<rect${attrs({ class: 'sb-transition-label-bg', x, y, width, height, fill: '#ffffff', 'fill-opacity': '0.85' })}/>`;
  const trigger = escapeXml(triggerLabel(t));
  const guard = t.guard ? ` <tspan class="sb-guard" fill="#7c3aed">[${escapeXml(t.guard)}]</tspan>` : '';
  const text = `<text${attrs({ class: 'sb-transition-label', x: x + width / 2, y: y + METRICS.labelLine - 3, 'text-anchor': 'middle', 'font-size': String(METRICS.labelFont), fill: '#334155' })}>${trigger}${guard}</text>`;
  return `${open}${path}${background}${text}</g>`;
}

function drawInitial(initial: InitialLayout): string {
  const open = `<g${attrs({ class: 'sb-initial', 'data-container': initial.container, 'data-to': initial.to })}>`;
  const dot = `<circle${attrs({ cx: initial.center.x, cy: initial.center.y, r: initial.radius, fill: '#334155' })}/>`;
  const path = `<path${attrs({ d: initial.path, fill: 'none', stroke: '#334155', 'stroke-width': '1.3', 'marker-end': 'url(#sb-arrow)' })}/>`;
  return `${open}${dot}${path}</g>`;
}

/**
 * Draws a machine as a standalone SVG document from its real definition, on
 * {@link layoutMachine}'s layout: rounded state boxes, a dot pointing at each initial
 * state, final states with a double border, compound states as boxes around their
 * children (a parallel state's regions dashed), and arrows labelled `EVENT [guard]`. It
 * needs no CSS, script or font from outside; the output is deterministic.
 *
 * For a page that highlights the live state (the inspector), every element it needs is
 * marked:
 * - root `<svg class="sb-statechart" data-machine="<machine id>">`;
 * - each state: `<g class="sb-state sb-<kind>" data-state="<key>" data-kind="<kind>">`, kind
 *   one of `atomic`, `compound`, `parallel`, `final`, `history`; regions of a parallel
 *   state also have `sb-region`. Keys are dotted paths for nested states (`editing.draft`);
 * - each transition: `<g class="sb-transition" data-event="<event type>" data-from="<key>"
 *   data-to="<key>" [data-guard="<guard>"]>` holding `path.sb-transition-path` and
 *   `text.sb-transition-label`; `data-event` is XState's event type (`always` for
 *   eventless transitions, `xstate.after.<ms>.<state id>` for delayed ones);
 * - each initial marker: `<g class="sb-initial" data-container="<key, or empty for the machine>" data-to="<key>">`.
 *
 * Adding the class `sb-active` to a state's or a transition's `<g>` highlights it (the
 * styles are inside the SVG); `options.active` sets it on exactly the given states.
 *
 * @throws Error when `options.active` names a state the machine does not have
 * @example
 * ```ts
 * writeFileSync('session.svg', toSvg(sessionMachine, { active: ['streaming'] }));
 * // in a page: svg.querySelector('[data-state="queued"]')?.classList.add('sb-active');
 * ```
 */
export function toSvg(machine: AnyStateMachine, options: SvgOptions = {}): string {
  const layout = layoutMachine(machine);
  const keys = new Set(layout.states.map((s) => s.key));
  const active = new Set(options.active ?? []);
  for (const key of active) {
    if (!keys.has(key)) {
      throw new Error(`toSvg: unknown state "${key}" in options.active; the states of "${layout.id}" are ${[...keys].join(', ')}`);
    }
  }
  const title = options.title ?? `${layout.id} statechart`;
  const containers = layout.states.filter((s) => s.kind === 'compound' || s.kind === 'parallel');
  const leaves = layout.states.filter((s) => s.kind !== 'compound' && s.kind !== 'parallel');
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ class: 'sb-statechart', 'data-machine': layout.id, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, 'font-family': FONT })}>`,
    `<title>${escapeXml(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    `<defs>${arrow('sb-arrow', LINE)}${arrow('sb-arrow-active', ACCENT)}</defs>`,
    `<rect class="sb-background" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g class="sb-containers">`,
    ...containers.map((s) => drawState(s, active.has(s.key))),
    `</g>`,
    `<g class="sb-transitions">`,
    ...layout.initials.map(drawInitial),
    ...layout.transitions.map(drawTransition),
    `</g>`,
    `<g class="sb-states">`,
    ...leaves.map((s) => drawState(s, active.has(s.key))),
    `</g>`,
    `</svg>`,
    '',
  ].join('\n');
}
