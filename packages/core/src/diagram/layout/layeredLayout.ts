import type { Box, Point } from './geometry.js';
import { packInOrder } from './packInOrder.js';

/** The boxes of one container (the machine, or a compound or parallel state) and the transitions between them. */
export interface LayeredGraph {
  readonly nodes: readonly { readonly id: string; readonly width: number; readonly height: number }[];
  /** The node the container starts in: it gets an initial marker in the column before it. */
  readonly start?: string;
  readonly edges: readonly { readonly from: string; readonly to: string; readonly label: { readonly width: number; readonly height: number } }[];
}

/** Where a transition runs between its two boxes, and where its label goes. */
export interface LayeredEdge {
  /** The points between the two ends, in the direction of travel (the ends are clipped to the boxes later). */
  readonly waypoints: readonly Point[];
  /** The label's text box. */
  readonly label: Box;
  /**
   * `span`: the edge runs across columns, level under its label; `loop`: its ends are
   * different nodes of one column, and it goes out to its label and comes back; `self`: a
   * node to itself, a small arc over the node's top edge with the label above it
   * (`waypoints` is the arc's top).
   */
  readonly shape: 'span' | 'loop' | 'self';
}

export interface LayeredLayout {
  readonly width: number;
  readonly height: number;
  /** Each node's box, by id. */
  readonly nodes: ReadonlyMap<string, Box>;
  /** The initial marker's centre and the points from it to the start node. */
  readonly start?: { readonly center: Point; readonly waypoints: readonly Point[] };
  /** In the order of the graph's edges. */
  readonly edges: readonly LayeredEdge[];
}

interface Item {
  readonly kind: 'node' | 'start' | 'label' | 'pass';
  readonly width: number;
  readonly height: number;
  readonly layer: number;
  readonly links: Item[];
  /** The label's text height (label items). */
  readonly textHeight?: number;
  /** Room above a node for its self-transitions' arc and labels (node items). */
  readonly loopRoom?: number;
  order: number;
  y: number;
}

const COLUMN_GAP = 28;
const START_SIZE = 12;
const LABEL_PAD = 4;
/** The edge runs this far below its label's text. */
const UNDERLINE = 3;
const PASS_HEIGHT = 8;
/** Height of a self-transition's arc over its node. */
const ARC = 16;
const ORDER_SWEEPS = 12;
const PLACE_ROUNDS = 24;

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Room kept between two neighbours of a layer: most between states, least between edges. */
function gapBetween(a: Item, b: Item): number {
  const boxes = (a.kind === 'node' ? 1 : 0) + (b.kind === 'node' ? 1 : 0);
  return boxes === 2 ? 22 : boxes === 1 ? 12 : 6;
}

/** Breadth-first distance from the start (then from each node not reached yet), in discovery order. */
function rankNodes(graph: LayeredGraph): { rank: Map<string, number>; discovered: string[] } {
  const next = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) if (edge.from !== edge.to) next.get(edge.from)?.push(edge.to);
  const rank = new Map<string, number>();
  const discovered: string[] = [];
  const search = (origin: string) => {
    rank.set(origin, 0);
    discovered.push(origin);
    for (let i = discovered.length - 1; i < discovered.length; i++) {
      const id = discovered[i]!;
      for (const to of next.get(id) ?? []) {
        if (rank.has(to)) continue;
        rank.set(to, rank.get(id)! + 1);
        discovered.push(to);
      }
    }
  };
  if (graph.start !== undefined && next.has(graph.start)) search(graph.start);
  for (const node of graph.nodes) if (!rank.has(node.id)) search(node.id);
  return { rank, discovered };
}

function link(chain: readonly Item[]): void {
  for (let i = 1; i < chain.length; i++) {
    chain[i - 1]!.links.push(chain[i]!);
    chain[i]!.links.push(chain[i - 1]!);
  }
}

function crossings(layers: readonly Item[][]): number {
  let count = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const pairs: [number, number][] = [];
    for (const a of layers[l]!) for (const b of a.links) if (b.layer === l + 1) pairs.push([a.order, b.order]);
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < pairs.length; j++) {
        if ((pairs[i]![0] - pairs[j]![0]) * (pairs[i]![1] - pairs[j]![1]) < 0) count++;
      }
    }
  }
  return count;
}

/** Orders each layer by the barycentre of its neighbours, sweeping down and up; keeps the order with the fewest crossings. */
function orderLayers(layers: Item[][]): void {
  let best = { crossings: crossings(layers), orders: layers.map((layer) => layer.map((item) => item.order)) };
  for (let sweep = 0; sweep < ORDER_SWEEPS && best.crossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    for (let k = 1; k < layers.length; k++) {
      const l = down ? k : layers.length - 1 - k;
      const reference = down ? l - 1 : l + 1;
      // Relative positions, so that layers of different lengths compare; an item with no
      // neighbour on the reference side (a loop's label) follows its other side.
      const where = (n: Item) => (n.order + 0.5) / layers[n.layer]!.length;
      const keyed = layers[l]!.map((item, index) => {
        const there = item.links.filter((n) => n.layer === reference);
        const near = there.length > 0 ? there : item.links.filter((n) => n.layer !== l);
        return { item, index, key: near.length > 0 ? mean(near.map(where)) : where(item) };
      });
      keyed.sort((a, b) => a.key - b.key || a.index - b.index);
      layers[l] = keyed.map(({ item }, order) => Object.assign(item, { order }));
    }
    const count = crossings(layers);
    if (count < best.crossings) best = { crossings: count, orders: layers.map((layer) => layer.map((item) => item.order)) };
  }
  for (const [l, layer] of layers.entries()) {
    best.orders[l]!.forEach((order, i) => (layer[i]!.order = order));
    layer.sort((a, b) => a.order - b.order);
  }
}

/** Places each layer's items near the mean of their neighbours, in their order, without overlaps. */
function placeInLayers(layers: readonly Item[][]): void {
  const gaps = layers.map((layer) => layer.slice(1).map((b, i) => (layer[i]!.height + b.height) / 2 + gapBetween(layer[i]!, b)));
  for (const [l, layer] of layers.entries()) {
    const total = gaps[l]!.reduce((a, b) => a + b, 0);
    let y = -total / 2;
    layer.forEach((item, i) => {
      item.y = y;
      y += gaps[l]![i] ?? 0;
    });
  }
  const meanY = (items: readonly Item[]) => {
    let sum = 0;
    for (const item of items) sum += item.y;
    return sum / items.length;
  };
  for (let round = 0; round < PLACE_ROUNDS; round++) {
    for (let k = 0; k < layers.length; k++) {
      const l = round % 2 === 0 ? k : layers.length - 1 - k;
      const layer = layers[l]!;
      const wished = layer.map((item) => (item.links.length > 0 ? meanY(item.links) : item.y));
      packInOrder(wished, gaps[l]!).forEach((y, i) => (layer[i]!.y = y));
    }
  }
}

/**
 * A layered ("Sugiyama") drawing of one container, left to right: nodes are ranked by
 * their breadth-first distance from the start node, so cycles need no special case; each
 * rank is a column, with a column between two ranks for the edges' labels. A transition
 * spanning several columns runs through a point in each; its label sits in the label
 * column next to its source; a self-transition is an arc over its node, its label above.
 * Columns are ordered by barycentre sweeps to cut crossings,
 * then placed by least squares, so nothing in a column overlaps. Pure and deterministic.
 *
 * @example
 * ```ts
 * const layout = layeredLayout({
 *   nodes: [{ id: 'a', width: 60, height: 36 }, { id: 'b', width: 60, height: 36 }],
 *   start: 'a',
 *   edges: [{ from: 'a', to: 'b', label: { width: 30, height: 14 } }],
 * });
 * layout.nodes.get('b')!.x > layout.nodes.get('a')!.x; // true
 * ```
 */
export function layeredLayout(graph: LayeredGraph): LayeredLayout {
  const { rank, discovered } = rankNodes(graph);
  const offset = graph.start === undefined ? 0 : 2;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const layers: Item[][] = [];
  const add = (item: Omit<Item, 'order' | 'y' | 'links'>): Item => {
    const layer = (layers[item.layer] ??= []);
    const created: Item = { ...item, links: [], order: layer.length, y: 0 };
    layer.push(created);
    return created;
  };
  const pass = (layer: number) => add({ kind: 'pass', width: 0, height: PASS_HEIGHT, layer });

  const start = graph.start === undefined ? undefined : add({ kind: 'start', width: START_SIZE, height: START_SIZE, layer: 0 });
  // A node carries its self-transitions' labels above it, so they never drift from it.
  const selfLabels = new Map<string, { width: number; height: number }[]>();
  for (const edge of graph.edges) if (edge.from === edge.to) selfLabels.set(edge.from, [...(selfLabels.get(edge.from) ?? []), edge.label]);
  const items = new Map<string, Item>();
  for (const id of discovered) {
    const node = byId.get(id)!;
    const loops = selfLabels.get(id) ?? [];
    const loopRoom = loops.length === 0 ? 0 : loops.reduce((sum, label) => sum + label.height, 0) + ARC;
    const width = Math.max(node.width, ...loops.map((label) => label.width + 2 * LABEL_PAD));
    items.set(id, add({ kind: 'node', width, height: node.height + loopRoom, layer: 2 * rank.get(id)! + offset, loopRoom }));
  }
  // Fill the gaps, so that every layer is an array.
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];

  const startChain = start && graph.start !== undefined ? [start, pass(1), items.get(graph.start)!] : undefined;
  if (startChain) link(startChain);
  const chains = graph.edges.map((edge) => {
    const from = items.get(edge.from)!;
    const to = items.get(edge.to)!;
    const label = (layer: number) =>
      add({ kind: 'label', width: edge.label.width + 2 * LABEL_PAD, height: edge.label.height + 2 * UNDERLINE, layer, textHeight: edge.label.height });
    if (from === to) return { chain: [from], shape: 'self' as const };
    if (from.layer === to.layer) {
      const chain = [from, label(from.layer + 1), to];
      link(chain);
      return { chain, shape: 'loop' as const };
    }
    const step = from.layer < to.layer ? 1 : -1;
    const chain = [from];
    for (let l = from.layer + step; l !== to.layer; l += step) chain.push(l === from.layer + step ? label(l) : pass(l));
    chain.push(to);
    link(chain);
    return { chain, shape: 'span' as const, step };
  });
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];

  orderLayers(layers);
  placeInLayers(layers);

  const widths = layers.map((layer) => Math.max(0, ...layer.map((item) => item.width)));
  const centers: number[] = [];
  let left = 0;
  for (const width of widths) {
    centers.push(left + width / 2);
    left += width + COLUMN_GAP;
  }
  const all = layers.flat();
  const top = all.length === 0 ? 0 : Math.min(...all.map((item) => item.y - item.height / 2));
  const bottom = all.length === 0 ? 0 : Math.max(...all.map((item) => item.y + item.height / 2));
  const boxOf = (item: Item): Box => ({
    x: centers[item.layer]! - item.width / 2,
    y: item.y - item.height / 2 - top,
    width: item.width,
    height: item.height,
  });
  const pointOf = (item: Item): Point => ({ x: centers[item.layer]!, y: item.y - top });

  /** The node's own box: the bottom of its item, under its self-transitions. */
  const nodeBox = (id: string): Box => {
    const item = items.get(id)!;
    const box = boxOf(item);
    const node = byId.get(id)!;
    return { x: box.x + (box.width - node.width) / 2, y: box.y + item.loopRoom!, width: node.width, height: node.height };
  };
  const stacked = new Map<string, number>();
  const edges = graph.edges.map((edge, i): LayeredEdge => {
    const { chain, shape, step } = chains[i]!;
    if (shape === 'self') {
      const item = boxOf(chain[0]!);
      const above = stacked.get(edge.from) ?? 0;
      stacked.set(edge.from, above + edge.label.height);
      const node = nodeBox(edge.from);
      const label = { x: item.x + (item.width - edge.label.width) / 2, y: item.y + above, width: edge.label.width, height: edge.label.height };
      return { waypoints: [{ x: node.x + node.width - 24, y: node.y - ARC + 4 }], label, shape };
    }
    const labelItem = chain[1]!;
    const box = boxOf(labelItem);
    const text: Box = { x: box.x + LABEL_PAD, y: box.y, width: box.width - 2 * LABEL_PAD, height: labelItem.textHeight! };
    if (shape === 'loop') return { waypoints: [{ x: box.x, y: box.y + box.height / 2 }], label: text, shape };
    const under = box.y + text.height + UNDERLINE;
    const ends = [{ x: box.x, y: under }, { x: box.x + box.width, y: under }];
    const waypoints = [...(step === 1 ? ends : ends.reverse()), ...chain.slice(2, -1).map(pointOf)];
    return { waypoints, label: text, shape };
  });

  return {
    width: Math.max(0, left - COLUMN_GAP),
    height: bottom - top,
    nodes: new Map([...items.keys()].map((id) => [id, nodeBox(id)])),
    ...(startChain ? { start: { center: pointOf(startChain[0]!), waypoints: [pointOf(startChain[1]!)] } } : {}),
    edges,
  };
}
