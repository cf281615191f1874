import type { AnyStateMachine } from 'xstate';
import { childrenByContainer, edgeScope, ROOT } from './hierarchy.js';
import { curveThrough, type Pass } from './layout/curveThrough.js';
import { borderPoint, type Box, type Point } from './layout/geometry.js';
import { layeredLayout, type LayeredEdge, type LayeredLayout } from './layout/layeredLayout.js';
import { METRICS } from './layout/metrics.js';
import { textWidth } from './layout/textWidth.js';
import { statechartGraph, type StatechartEdge, type StatechartState } from './statechartGraph.js';
import { transitionLabel } from './transitionLabel.js';

/** A state's box in a {@link MachineLayout}; a compound or parallel state's box holds its children's. */
export interface StateLayout extends StatechartState, Box {
  /** 0 at the top level, 1 for their children, … */
  readonly depth: number;
  /** A region of a parallel state: active together with its siblings. */
  readonly region: boolean;
}

/** The initial marker of the machine (`container` `''`) or of a compound state: a dot with an arrow to `to`. */
export interface InitialLayout {
  readonly container: string;
  readonly to: string;
  readonly center: Point;
  readonly radius: number;
  /** SVG path data of the arrow, from the dot to the initial state's border. */
  readonly path: string;
}

/** A transition's route in a {@link MachineLayout}. */
export interface TransitionLayout extends StatechartEdge {
  /** `EVENT [guard]`, as every drawing writes it. */
  readonly label: string;
  /** Where the label's text goes; it never overlaps a state or another label. */
  readonly labelBox: Box;
  /** The route, from the source's border to the target's. */
  readonly points: readonly Point[];
  /** SVG path data of the route: a smooth curve through `points`, ending on the target's border. */
  readonly path: string;
}

/** Where everything of a machine's drawing goes, in px from the top-left corner. */
export interface MachineLayout {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Parents before their children, in definition order: the order to draw them in. */
  readonly states: readonly StateLayout[];
  readonly initials: readonly InitialLayout[];
  /** In the order of {@link statechartGraph}'s edges. */
  readonly transitions: readonly TransitionLayout[];
}

const isContainer = (state: StatechartState) => state.kind === 'compound' || state.kind === 'parallel';
const shift = (p: Point, by: Point): Point => ({ x: p.x + by.x, y: p.y + by.y });
const shiftBox = (b: Box, by: Point): Box => ({ ...b, ...shift(b, by) });

/**
 * Computes a deterministic drawing of a machine with its own small layered layout (no
 * layout library, nothing fetched): each container (the machine, each compound and
 * parallel state) is laid out left to right, its states in columns by their
 * breadth-first distance from its initial state (cycles need no special case), every
 * transition routed as a smooth curve through the columns between its ends, its label
 * in a column of its own next to its source (the labels of transitions between the
 * same two states stacked on one route). A compound state is a box around its own
 * drawing; the regions of a parallel state are stacked. No two states overlap unless one
 * holds the other, and no label overlaps a state or another label. Pure, and fast
 * enough to redraw on every change (milliseconds for the session machine).
 *
 * @example
 * ```ts
 * const layout = layoutMachine(sessionMachine);
 * layout.states.find((s) => s.key === 'idle'); // { key: 'idle', x: …, y: …, width: …, height: 36, … }
 * layout.transitions[0]!.path; // 'M… C…'
 * ```
 */
export function layoutMachine(machine: AnyStateMachine): MachineLayout {
  const chart = statechartGraph(machine);
  const children = childrenByContainer(chart);
  const byKey = new Map(chart.states.map((s) => [s.key, s]));
  const labels = chart.edges.map(transitionLabel);
  // Transitions between the same two states share one route, their labels stacked on it:
  // a third of the curves for the session machine, and each still its own element.
  const bundles = new Map<string, { from: string; to: string; members: number[] }>();
  const scoped = new Map<string, { from: string; to: string; members: number[] }[]>();
  chart.edges.forEach((edge, index) => {
    const id = `${edge.from}|${edge.to}`;
    const known = bundles.get(id);
    if (known) {
      known.members.push(index);
      return;
    }
    const { container, from, to } = edgeScope(edge);
    const bundle = { from, to, members: [index] };
    bundles.set(id, bundle);
    scoped.set(container, [...(scoped.get(container) ?? []), bundle]);
  });
  const labelWidth = (index: number) => textWidth(labels[index]!, METRICS.labelFont);

  const layouts = new Map<string, LayeredLayout>();
  const sizes = new Map<string, { width: number; height: number }>();
  const sizeOf = (state: StatechartState): { width: number; height: number } => {
    const known = sizes.get(state.key);
    if (known) return known;
    let size: { width: number; height: number };
    if (isContainer(state)) {
      const inner = layoutOf(state.key);
      const title = textWidth(state.name, METRICS.stateFont) + 2 * METRICS.statePadding;
      size = { width: Math.max(inner.width + 2 * METRICS.inset, title), height: inner.height + METRICS.header + METRICS.inset };
    } else if (state.kind === 'history') {
      size = { width: METRICS.historySize, height: METRICS.historySize };
    } else {
      const name = textWidth(state.name, METRICS.stateFont) + 2 * METRICS.statePadding;
      size = { width: Math.max(METRICS.stateMinWidth, name), height: METRICS.stateHeight };
    }
    sizes.set(state.key, size);
    return size;
  };
  function layoutOf(container: string): LayeredLayout {
    const known = layouts.get(container);
    if (known) return known;
    const state = byKey.get(container);
    const start = container === ROOT ? chart.initial : state?.kind === 'compound' ? state.initial : undefined;
    const layout = layeredLayout({
      nodes: (children.get(container) ?? []).map((child) => ({ id: child.key, ...sizeOf(child) })),
      ...(start === undefined ? {} : { start }),
      edges: (scoped.get(container) ?? []).map(({ from, to, members }) => ({
        from,
        to,
        label: { width: Math.max(...members.map(labelWidth)), height: members.length * METRICS.labelLine },
      })),
    });
    layouts.set(container, layout);
    return layout;
  }

  const boxes = new Map<string, Box>();
  const routes: { waypoints: Point[]; label: Box; shape: LayeredEdge['shape']; via: string }[] = [];
  const starts: { container: string; to: string; center: Point; waypoints: Point[] }[] = [];
  const place = (container: string, origin: Point, startsIn: string | undefined) => {
    const layout = layoutOf(container);
    for (const child of children.get(container) ?? []) {
      const box = shiftBox(layout.nodes.get(child.key)!, origin);
      boxes.set(child.key, box);
      if (!isContainer(child)) continue;
      const inner = layoutOf(child.key);
      const indent = (box.width - inner.width) / 2;
      place(child.key, { x: box.x + indent, y: box.y + METRICS.header }, child.kind === 'compound' ? child.initial : undefined);
    }
    (scoped.get(container) ?? []).forEach(({ from, members }, i) => {
      const { waypoints, label, shape } = layout.edges[i]!;
      const stack = shiftBox(label, origin);
      members.forEach((index, line) => {
        const width = labelWidth(index);
        routes[index] = {
          waypoints: waypoints.map((p) => shift(p, origin)),
          label: { x: stack.x + (stack.width - width) / 2, y: stack.y + line * METRICS.labelLine, width, height: METRICS.labelLine },
          shape,
          via: from,
        };
      });
    });
    if (layout.start && startsIn !== undefined) {
      starts.push({ container, to: startsIn, center: shift(layout.start.center, origin), waypoints: layout.start.waypoints.map((p) => shift(p, origin)) });
    }
  };
  place(ROOT, { x: METRICS.margin, y: METRICS.margin }, chart.initial);
  const root = layoutOf(ROOT);

  const depthOf = (state: StatechartState): number => (state.parent === undefined ? 0 : depthOf(byKey.get(state.parent)!) + 1);
  const states = chart.states.map((state): StateLayout => ({
    ...state,
    ...boxes.get(state.key)!,
    depth: depthOf(state),
    region: state.parent === undefined ? chart.parallel : byKey.get(state.parent)!.kind === 'parallel',
  }));

  const transitions = chart.edges.map((edge, index): TransitionLayout => {
    const { waypoints, label, shape, via } = routes[index]!;
    const from = boxes.get(edge.from)!;
    const to = boxes.get(edge.to)!;
    let points: Point[];
    if (shape === 'self') {
      // An arc over the top edge of the state it was laid out for; an end nested inside that state is reached from the arc.
      const top = waypoints[0]!;
      const start = edge.from === via ? { x: top.x - 12, y: from.y } : borderPoint(from, top);
      const end = edge.to === via ? { x: top.x + 12, y: to.y } : borderPoint(to, top);
      points = [start, top, end];
    } else {
      points = [borderPoint(from, waypoints[0]!), ...waypoints, borderPoint(to, waypoints.at(-1)!)];
    }
    const passOf = (i: number): Pass => {
      if (i === 0 || i === points.length - 1) return 'smooth';
      if (shape === 'loop') return 'upright';
      return shape === 'self' || i <= 2 ? 'level' : 'smooth';
    };
    const passes = points.map((_, i) => passOf(i));
    return { ...edge, label: labels[index]!, labelBox: label, points, path: curveThrough(points, passes) };
  });

  const initials = starts.map(({ container, to, center, waypoints }): InitialLayout => {
    const target = boxes.get(to)!;
    const first = waypoints[0] ?? target;
    const distance = Math.hypot(first.x - center.x, first.y - center.y) || 1;
    const leave = { x: center.x + ((first.x - center.x) / distance) * METRICS.startRadius, y: center.y + ((first.y - center.y) / distance) * METRICS.startRadius };
    const points = [leave, ...waypoints, borderPoint(target, waypoints.at(-1) ?? center)];
    return { container, to, center, radius: METRICS.startRadius, path: curveThrough(points) };
  });

  return {
    id: chart.id,
    width: root.width + 2 * METRICS.margin,
    height: root.height + 2 * METRICS.margin,
    states,
    initials,
    transitions,
  };
}
