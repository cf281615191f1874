import { DuplicateQueueIdError, QueueFullError } from './QueueFullError.js';

/** One queued item, as the queue hands it out. */
export interface QueueEntry<T> {
  readonly id: string;
  readonly value: T;
  /** Higher comes out first. */
  readonly priority: number;
  /** Tie-breaker among equal priorities: lower comes out first (arrival order by default). */
  readonly order: number;
}

export interface PriorityQueueOptions {
  /** Most entries held at once: a positive integer, or `Infinity` (the default) for no bound. */
  capacity?: number;
}

/**
 * The concrete entry object, handed out as a {@link QueueEntry}. A class (rather than object
 * literals) gives every entry the same hidden class, which keeps property reads in the sift loops
 * monomorphic. The public fields never change after construction: `reprioritize` swaps in a new
 * object, so an entry a caller already holds keeps describing what it did when they got it.
 */
class Entry<T> implements QueueEntry<T> {
  readonly id: string;
  readonly value: T;
  readonly priority: number;
  readonly order: number;
  /**
   * Heap position, kept on the entry so a sift step is a field write rather than a Map update
   * (measured ~2x faster for pop at 100k). `#private` keeps it out of what callers see: deep
   * equality, spreading, JSON.
   */
  #pos: number;

  constructor(id: string, value: T, priority: number, order: number, pos: number) {
    this.id = id;
    this.value = value;
    this.priority = priority;
    this.order = order;
    this.#pos = pos;
  }

  get pos(): number {
    return this.#pos;
  }

  set pos(pos: number) {
    this.#pos = pos;
  }
}

/**
 * The single ordering rule, kept as one small top-level function so V8 inlines it into every
 * loop that uses it: `a` comes out before `b`.
 */
function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.order < b.order);
}

/**
 * A max-priority queue of identified values: an indexed binary heap, so besides push/pop it can
 * remove or reprioritize any entry by id in O(log n).
 *
 * Entries come out by HIGHER `priority` first, then LOWER `order`. `order` defaults to an
 * internal arrival counter, so equal priorities are FIFO. Entries whose priority and order are
 * both equal (only possible with explicit orders) come out in an unspecified order.
 *
 * Entries handed out (by `peek`, `get`, `top`, `values`, `pop`, ...) never change afterwards and
 * are never recycled, so callers may keep them.
 *
 * @example
 * ```ts
 * const queue = new PriorityQueue<Request>({ capacity: 1000 });
 * queue.push('a', requestA, 1);
 * queue.push('b', requestB, 5);
 * queue.push('c', requestC, 5);
 * queue.pop()?.id; // 'b' (highest priority; FIFO with 'c')
 * queue.reprioritize('a', 10);
 * queue.pop()?.id; // 'a'
 *
 * // Re-queue a preempted request at its original place among equals:
 * const preempted = queue.pop()!; // 'c'
 * queue.push(preempted.id, preempted.value, preempted.priority, preempted.order);
 * ```
 */
export class PriorityQueue<T> {
  /** The heap: `heap[0]` is the best entry; children of `i` are `2i+1` and `2i+2`. */
  private readonly heap: Entry<T>[] = [];
  /**
   * id → entry, for remove/reprioritize/has/get. The entry carries its own heap position, which
   * every move updates, so the Map is touched once per operation rather than once per sift step.
   */
  private readonly index = new Map<string, Entry<T>>();
  private readonly limit: number;
  /** Next default `order`; always above every order seen so defaults land after re-queued entries. */
  private nextOrder = 0;

  constructor(options: PriorityQueueOptions = {}) {
    const capacity = options.capacity ?? Infinity;
    if (capacity !== Infinity && !(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(
        `PriorityQueue capacity must be a positive integer or Infinity, got ${String(capacity)}.`,
      );
    }
    this.limit = capacity;
  }

  /** How many entries are queued. */
  get size(): number {
    return this.heap.length;
  }

  /** The most entries the queue will hold; `Infinity` when unbounded. */
  get capacity(): number {
    return this.limit;
  }

  /**
   * Queues `value` under `id`. O(log n).
   *
   * Pass `order` to put the entry back at a known place among equal priorities (e.g. a
   * preempted request re-queued with its original arrival order); later default pushes still
   * come after it.
   *
   * @throws RangeError if `priority` is NaN or `order` is not a finite number.
   * @throws DuplicateQueueIdError if `id` is already queued.
   * @throws QueueFullError if the queue holds `capacity` entries; nothing queued is touched.
   */
  push(id: string, value: T, priority: number, order?: number): void {
    // NaN compares false both ways, which would silently corrupt the heap order.
    if (priority !== priority) {
      throw new RangeError(`Priority for queue entry ${JSON.stringify(id)} must be a number, got NaN.`);
    }
    // A non-finite order would drag the counter to Infinity and end FIFO for everyone after.
    if (order !== undefined && !Number.isFinite(order)) {
      throw new RangeError(
        `Order for queue entry ${JSON.stringify(id)} must be a finite number, got ${String(order)}.`,
      );
    }
    // Duplicate before full: a duplicate is a caller bug that load should not mask.
    if (this.index.has(id)) throw new DuplicateQueueIdError(id);
    const heap = this.heap;
    if (heap.length >= this.limit) throw new QueueFullError(this.limit);
    // The counter only moves once the push can no longer fail, so a refused push leaves no gap.
    const entryOrder = order ?? this.nextOrder;
    if (entryOrder >= this.nextOrder) this.nextOrder = entryOrder + 1;
    const entry = new Entry(id, value, priority, entryOrder, heap.length);
    heap.push(entry);
    this.index.set(id, entry);
    this.siftUp(entry, entry.pos);
  }

  /** The entry `pop` would return, without removing it. O(1). */
  peek(): QueueEntry<T> | undefined {
    return this.heap[0];
  }

  /** Removes and returns the best entry; the queue keeps no reference to it. O(log n). */
  pop(): QueueEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    this.index.delete(top.id);
    if (last !== top) this.siftDown(last, 0);
    return top;
  }

  /** Removes the entry queued under `id` and returns it, or `undefined` if absent. O(log n). */
  remove(id: string): QueueEntry<T> | undefined {
    const removed = this.index.get(id);
    if (removed === undefined) return undefined;
    const last = this.heap.pop()!;
    this.index.delete(id);
    if (last !== removed) this.restore(last, removed.pos);
    return removed;
  }

  /**
   * Changes the priority of the entry queued under `id`, keeping its `order`. O(log n).
   *
   * @returns `false` if no entry has that id.
   * @throws RangeError if `priority` is NaN.
   */
  reprioritize(id: string, priority: number): boolean {
    if (priority !== priority) {
      throw new RangeError(`Priority for queue entry ${JSON.stringify(id)} must be a number, got NaN.`);
    }
    const old = this.index.get(id);
    if (old === undefined) return false;
    if (old.priority === priority) return true;
    const entry = new Entry(id, old.value, priority, old.order, old.pos);
    this.index.set(id, entry);
    if (priority > old.priority) this.siftUp(entry, entry.pos);
    else this.siftDown(entry, entry.pos);
    return true;
  }

  /** Whether an entry is queued under `id`. O(1). */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** The entry queued under `id`, without removing it. O(1). */
  get(id: string): QueueEntry<T> | undefined {
    return this.index.get(id);
  }

  /**
   * The best `min(k, size)` entries in pop order, without removing them. O(k log k).
   *
   * Walks the heap best-first with a small frontier heap of positions: the next best entry is
   * always a child of one already taken, so only ~k positions are ever examined.
   *
   * @throws RangeError if `k` is negative or not an integer (Infinity means all).
   */
  top(k: number): QueueEntry<T>[] {
    if (!(k >= 0 && (Number.isInteger(k) || k === Infinity))) {
      throw new RangeError(`top(k) needs a non-negative integer k, got ${String(k)}.`);
    }
    const heap = this.heap;
    const n = heap.length;
    const count = k < n ? k : n;
    const result: QueueEntry<T>[] = [];
    if (count === 0) return result;
    const frontier: number[] = [0];
    while (true) {
      const i = frontier[0]!;
      result.push(heap[i]!);
      if (result.length === count) return result;
      // Replace the taken position by its first child (if any) in place, then add the second:
      // one sift instead of a pop plus two pushes.
      const left = 2 * i + 1;
      if (left < n) {
        this.frontierDown(frontier, left, 0);
        if (left + 1 < n) {
          frontier.push(left + 1);
          this.frontierUp(frontier, left + 1, frontier.length - 1);
        }
      } else {
        const last = frontier.pop()!;
        if (frontier.length > 0) this.frontierDown(frontier, last, 0);
      }
    }
  }

  /** All entries in heap order (unspecified), without copying. Do not modify the queue while iterating. */
  values(): IterableIterator<QueueEntry<T>> {
    return this.heap.values();
  }

  /** All entries in pop order, as a new array. O(n log n). */
  toArray(): QueueEntry<T>[] {
    return this.top(this.heap.length);
  }

  /**
   * Empties the queue. The default-order counter is kept, so entries popped before the clear
   * and re-queued with their original order still sort before newcomers.
   */
  clear(): void {
    this.heap.length = 0;
    this.index.clear();
  }

  /** Puts `entry` at `i`, moved up past every worse ancestor. Moves a hole rather than swapping pairs. */
  private siftUp(entry: Entry<T>, i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p]!;
      if (!before(entry, parent)) break;
      heap[i] = parent;
      parent.pos = i;
      i = p;
    }
    heap[i] = entry;
    entry.pos = i;
  }

  /** Puts `entry` at `i`, moved down past every better child. */
  private siftDown(entry: Entry<T>, i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let child = heap[c]!;
      const r = c + 1;
      if (r < n) {
        const right = heap[r]!;
        if (before(right, child)) {
          c = r;
          child = right;
        }
      }
      if (!before(child, entry)) break;
      heap[i] = child;
      child.pos = i;
      i = c;
    }
    heap[i] = entry;
    entry.pos = i;
  }

  /** Puts `entry` at the vacated position `i`, moving whichever way the heap order needs. */
  private restore(entry: Entry<T>, i: number): void {
    if (i > 0 && before(entry, this.heap[(i - 1) >> 1]!)) this.siftUp(entry, i);
    else this.siftDown(entry, i);
  }

  /** Sift for `top`'s frontier: a heap of positions in `heap`, ordered by the entries there. */
  private frontierUp(frontier: number[], pos: number, i: number): void {
    const heap = this.heap;
    const entry = heap[pos]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parentPos = frontier[p]!;
      if (!before(entry, heap[parentPos]!)) break;
      frontier[i] = parentPos;
      i = p;
    }
    frontier[i] = pos;
  }

  private frontierDown(frontier: number[], pos: number, i: number): void {
    const heap = this.heap;
    const entry = heap[pos]!;
    const n = frontier.length;
    while (true) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let childPos = frontier[c]!;
      if (c + 1 < n) {
        const rightPos = frontier[c + 1]!;
        if (before(heap[rightPos]!, heap[childPos]!)) {
          c++;
          childPos = rightPos;
        }
      }
      if (!before(heap[childPos]!, entry)) break;
      frontier[i] = childPos;
      i = c;
    }
    frontier[i] = pos;
  }
}
