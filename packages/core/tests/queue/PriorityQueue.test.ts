import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriorityQueue, type QueueEntry } from '../../src/queue/PriorityQueue.js';
import { DuplicateQueueIdError, QueueFullError } from '../../src/queue/QueueFullError.js';

const ids = <T>(entries: readonly QueueEntry<T>[]): string[] => entries.map((e) => e.id);

function drain<T>(queue: PriorityQueue<T>): string[] {
  const out: string[] = [];
  for (let e = queue.pop(); e !== undefined; e = queue.pop()) out.push(e.id);
  return out;
}

/** `a` must not come out after `b`: the heap relation between a parent `a` and child `b`. */
function notAfter<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.order <= b.order);
}

/**
 * Checks the heap property and the id index using public behaviour only: `values()` yields the
 * backing array in heap order, and `get`/`has` go through the index. Plain comparisons (throwing
 * on the first failure) rather than `expect` per item keep the property tests fast.
 */
function expectConsistent<T>(queue: PriorityQueue<T>, alphabet: readonly string[]): void {
  const fail = (why: string): never => {
    throw new Error(`${why}\nheap: ${JSON.stringify([...queue.values()])}`);
  };
  const heap = [...queue.values()];
  if (heap.length !== queue.size) fail(`values() yielded ${heap.length} entries, size is ${queue.size}`);
  for (let i = 1; i < heap.length; i++) {
    if (!notAfter(heap[(i - 1) >> 1]!, heap[i]!)) fail(`heap order broken between ${(i - 1) >> 1} and ${i}`);
  }
  const present = new Set<string>();
  for (const entry of heap) {
    if (present.has(entry.id)) fail(`id ${entry.id} is in the heap twice`);
    present.add(entry.id);
    if (!queue.has(entry.id)) fail(`has(${entry.id}) is false for a queued entry`);
    // Identity, not equality: a stale index would point at another slot.
    if (queue.get(entry.id) !== entry) fail(`index for ${entry.id} points at the wrong slot`);
  }
  for (const id of alphabet) {
    if (!present.has(id) && (queue.has(id) || queue.get(id) !== undefined)) fail(`absent id ${id} is still indexed`);
  }
  if (queue.peek() !== heap[0]) fail('peek() is not the heap root');
}

describe('PriorityQueue construction', () => {
  it('is unbounded by default', () => {
    const queue = new PriorityQueue<string>();
    expect(queue.capacity).toBe(Infinity);
    expect(queue.size).toBe(0);
    expect(new PriorityQueue({ capacity: Infinity }).capacity).toBe(Infinity);
    expect(new PriorityQueue({}).capacity).toBe(Infinity);
  });

  it('accepts a positive integer capacity', () => {
    expect(new PriorityQueue({ capacity: 1 }).capacity).toBe(1);
    expect(new PriorityQueue({ capacity: 100 }).capacity).toBe(100);
  });

  it.each([0, -1, 1.5, NaN, -Infinity])('rejects capacity %s with a RangeError', (capacity) => {
    expect(() => new PriorityQueue({ capacity })).toThrow(RangeError);
    expect(() => new PriorityQueue({ capacity })).toThrow(/positive integer or Infinity/);
  });

  it('is empty to start with', () => {
    const queue = new PriorityQueue<number>();
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
    expect(queue.remove('x')).toBeUndefined();
    expect(queue.reprioritize('x', 1)).toBe(false);
    expect(queue.top(3)).toEqual([]);
    expect(queue.toArray()).toEqual([]);
    expect([...queue.values()]).toEqual([]);
  });
});

describe('PriorityQueue ordering', () => {
  it('pops higher priorities first', () => {
    const queue = new PriorityQueue<string>();
    queue.push('low', 'L', 1);
    queue.push('high', 'H', 10);
    queue.push('neg', 'N', -5);
    queue.push('mid', 'M', 5);
    expect(queue.peek()).toEqual({ id: 'high', value: 'H', priority: 10, order: 1 });
    expect(drain(queue)).toEqual(['high', 'mid', 'low', 'neg']);
  });

  it('keeps equal priorities FIFO', () => {
    const queue = new PriorityQueue<number>();
    for (let i = 0; i < 20; i++) queue.push(`r${i}`, i, i % 2);
    expect(drain(queue)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `r${2 * i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => `r${2 * i}`),
    ]);
  });

  it('numbers default orders 0, 1, 2, ...', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, 0);
    queue.push('b', null, 0);
    queue.push('c', null, 0);
    expect(queue.toArray().map((e) => e.order)).toEqual([0, 1, 2]);
  });

  it('handles infinite priorities', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, -Infinity);
    queue.push('b', null, Infinity);
    queue.push('c', null, 0);
    queue.push('d', null, Infinity);
    expect(drain(queue)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('matches a sort on 2,000 random entries', () => {
    const queue = new PriorityQueue<number>();
    const expected: { id: string; priority: number; order: number }[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const priority = Math.floor(random() * 50);
      queue.push(`r${i}`, i, priority);
      expected.push({ id: `r${i}`, priority, order: i });
    }
    expected.sort((a, b) => b.priority - a.priority || a.order - b.order);
    expect(drain(queue)).toEqual(expected.map((e) => e.id));
  });
});

describe('PriorityQueue explicit order', () => {
  it('puts a re-queued entry back at its original place among equals', () => {
    const queue = new PriorityQueue<string>();
    queue.push('first', 'f', 3);
    queue.push('second', 's', 3);
    const preempted = queue.pop()!;
    expect(preempted.id).toBe('first');
    queue.push('third', 't', 3);
    queue.push(preempted.id, preempted.value, preempted.priority, preempted.order);
    expect(queue.peek()).toEqual(preempted);
    expect(drain(queue)).toEqual(['first', 'second', 'third']);
  });

  it('keeps later default pushes after every explicit order seen', () => {
    const queue = new PriorityQueue<null>();
    queue.push('x', null, 1, 100);
    queue.push('y', null, 1);
    expect(queue.get('y')!.order).toBe(101);
    expect(drain(queue)).toEqual(['x', 'y']);

    // A lower explicit order does not move the counter back.
    queue.push('z', null, 1, 5);
    queue.push('w', null, 1);
    expect(queue.get('w')!.order).toBe(102);
    expect(drain(queue)).toEqual(['z', 'w']);
  });

  it('accepts negative orders to jump ahead of equals', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, 1);
    queue.push('urgent', null, 1, -1);
    expect(drain(queue)).toEqual(['urgent', 'a']);
  });

  it.each([NaN, Infinity, -Infinity])('rejects order %s with a RangeError and queues nothing', (order) => {
    const queue = new PriorityQueue<null>();
    expect(() => queue.push('a', null, 1, order)).toThrow(RangeError);
    expect(queue.size).toBe(0);
    queue.push('b', null, 1);
    expect(queue.get('b')!.order).toBe(0);
  });
});

describe('PriorityQueue remove', () => {
  function filled(): PriorityQueue<number> {
    const queue = new PriorityQueue<number>();
    // Priorities chosen so the heap has a root, middle nodes and leaves.
    [9, 8, 7, 6, 5, 4, 3, 2, 1].forEach((p, i) => queue.push(`p${p}`, i, p));
    return queue;
  }

  it('removes the root', () => {
    const queue = filled();
    expect(queue.remove('p9')).toEqual({ id: 'p9', value: 0, priority: 9, order: 0 });
    expectConsistent(queue, ['p9']);
    expect(drain(queue)).toEqual(['p8', 'p7', 'p6', 'p5', 'p4', 'p3', 'p2', 'p1']);
  });

  it('removes a middle entry', () => {
    const queue = filled();
    expect(queue.remove('p7')?.priority).toBe(7);
    expect(queue.has('p7')).toBe(false);
    expectConsistent(queue, ['p7']);
    expect(drain(queue)).toEqual(['p9', 'p8', 'p6', 'p5', 'p4', 'p3', 'p2', 'p1']);
  });

  it('removes the last entry in the heap array', () => {
    const queue = filled();
    const last = [...queue.values()].at(-1)!;
    expect(queue.remove(last.id)).toBe(last);
    expect(queue.size).toBe(8);
    expectConsistent(queue, [last.id]);
  });

  it('moves the replacement up when it beats the removed slot’s parent', () => {
    // Heap [10, 1, 9, 0, 0, 8, 8]: removing a leaf under 1 pulls the last 8 into that subtree.
    const queue = new PriorityQueue<null>();
    [10, 1, 9, 0, 0, 8, 8].forEach((p, i) => queue.push(`n${i}`, null, p));
    expect([...queue.values()].map((e) => e.priority)).toEqual([10, 1, 9, 0, 0, 8, 8]);
    queue.remove('n3');
    expectConsistent(queue, ['n3']);
    expect(queue.toArray().map((e) => e.priority)).toEqual([10, 9, 8, 8, 1, 0]);
  });

  it('removes the only entry, and returns undefined for an absent id', () => {
    const queue = new PriorityQueue<null>();
    queue.push('only', null, 0);
    expect(queue.remove('nope')).toBeUndefined();
    expect(queue.remove('only')?.id).toBe('only');
    expect(queue.size).toBe(0);
    expect(queue.remove('only')).toBeUndefined();
  });
});

describe('PriorityQueue reprioritize', () => {
  it('moves an entry up', () => {
    const queue = new PriorityQueue<null>();
    for (let i = 0; i < 10; i++) queue.push(`r${i}`, null, i);
    expect(queue.reprioritize('r0', 100)).toBe(true);
    expectConsistent(queue, []);
    expect(queue.peek()).toEqual({ id: 'r0', value: null, priority: 100, order: 0 });
  });

  it('moves an entry down', () => {
    const queue = new PriorityQueue<null>();
    for (let i = 0; i < 10; i++) queue.push(`r${i}`, null, i);
    expect(queue.reprioritize('r9', -1)).toBe(true);
    expectConsistent(queue, []);
    expect(queue.toArray().at(-1)).toEqual({ id: 'r9', value: null, priority: -1, order: 9 });
  });

  it('keeps the entry’s order, so it rejoins its peers at its arrival place', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, 1);
    queue.push('b', null, 5);
    queue.push('c', null, 5);
    queue.reprioritize('a', 5);
    expect(drain(queue)).toEqual(['a', 'b', 'c']);
  });

  it('returns true for an unchanged priority and false for an absent id', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, 1);
    expect(queue.reprioritize('a', 1)).toBe(true);
    expect(queue.reprioritize('b', 1)).toBe(false);
    expect(queue.size).toBe(1);
  });

  it('rejects NaN and leaves the entry alone', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, 1);
    expect(() => queue.reprioritize('a', NaN)).toThrow(RangeError);
    expect(queue.get('a')?.priority).toBe(1);
  });

  it('does not change an entry a caller already holds', () => {
    const queue = new PriorityQueue<string>();
    queue.push('a', 'v', 1);
    const held = queue.get('a')!;
    queue.reprioritize('a', 7);
    expect(held.priority).toBe(1);
    expect(queue.get('a')).toEqual({ id: 'a', value: 'v', priority: 7, order: 0 });
  });
});

describe('PriorityQueue capacity', () => {
  it('throws a typed QueueFullError and loses nothing already queued', () => {
    const queue = new PriorityQueue<string>({ capacity: 3 });
    queue.push('a', 'A', 1);
    queue.push('b', 'B', 3);
    queue.push('c', 'C', 2);
    const before = queue.toArray();

    let caught: unknown;
    try {
      queue.push('d', 'D', 99);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueueFullError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as QueueFullError;
    expect(error.name).toBe('QueueFullError');
    expect(error.capacity).toBe(3);
    expect(error.message).toBe('Queue is full (capacity 3): wait for queued work to finish or raise the capacity.');

    expect(queue.size).toBe(3);
    expect(queue.has('d')).toBe(false);
    expect(queue.toArray()).toEqual(before);
    expectConsistent(queue, ['d']);
  });

  it('accepts work again once an entry leaves, with no gap in default orders', () => {
    const queue = new PriorityQueue<null>({ capacity: 1 });
    queue.push('a', null, 1);
    expect(() => queue.push('b', null, 1)).toThrow(QueueFullError);
    queue.pop();
    queue.push('b', null, 1);
    expect(queue.get('b')!.order).toBe(1);
  });

  it('reports a duplicate id even when full', () => {
    const queue = new PriorityQueue<null>({ capacity: 1 });
    queue.push('a', null, 1);
    expect(() => queue.push('a', null, 1)).toThrow(DuplicateQueueIdError);
  });
});

describe('PriorityQueue duplicate ids and NaN', () => {
  it('throws a typed DuplicateQueueIdError and keeps the original entry', () => {
    const queue = new PriorityQueue<string>();
    queue.push('a', 'first', 1);
    let caught: unknown;
    try {
      queue.push('a', 'second', 5);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DuplicateQueueIdError);
    const error = caught as DuplicateQueueIdError;
    expect(error.name).toBe('DuplicateQueueIdError');
    expect(error.id).toBe('a');
    expect(error.message).toContain('"a"');
    expect(queue.size).toBe(1);
    expect(queue.get('a')).toEqual({ id: 'a', value: 'first', priority: 1, order: 0 });
  });

  it('accepts the id again after the entry left', () => {
    const queue = new PriorityQueue<number>();
    queue.push('a', 1, 1);
    queue.remove('a');
    queue.push('a', 2, 1);
    expect(queue.get('a')?.value).toBe(2);
  });

  it('rejects a NaN priority with a RangeError and queues nothing', () => {
    const queue = new PriorityQueue<null>();
    queue.push('a', null, 1);
    expect(() => queue.push('b', null, NaN)).toThrow(RangeError);
    expect(() => queue.push('b', null, NaN)).toThrow(/NaN/);
    expect(queue.size).toBe(1);
    expect(queue.has('b')).toBe(false);
  });
});

describe('PriorityQueue top, toArray, values, clear', () => {
  function sample(): PriorityQueue<number> {
    const queue = new PriorityQueue<number>();
    [5, 1, 9, 5, 3, 9, 0, 7].forEach((p, i) => queue.push(`r${i}`, i, p));
    return queue;
  }
  const popOrder = ['r2', 'r5', 'r7', 'r0', 'r3', 'r4', 'r1', 'r6'];

  it('returns the k best in pop order without removing them', () => {
    const queue = sample();
    expect(ids(queue.top(3))).toEqual(popOrder.slice(0, 3));
    expect(ids(queue.top(1))).toEqual(popOrder.slice(0, 1));
    expect(queue.size).toBe(8);
    expectConsistent(queue, []);
    expect(drain(queue)).toEqual(popOrder);
  });

  it('returns everything when k >= size, and nothing when k = 0', () => {
    const queue = sample();
    expect(ids(queue.top(8))).toEqual(popOrder);
    expect(ids(queue.top(100))).toEqual(popOrder);
    expect(ids(queue.top(Infinity))).toEqual(popOrder);
    expect(queue.top(0)).toEqual([]);
  });

  it.each([-1, 1.5, NaN])('rejects k = %s with a RangeError', (k) => {
    expect(() => sample().top(k)).toThrow(RangeError);
  });

  it('matches a full sort for every k on a larger heap', () => {
    const queue = new PriorityQueue<null>();
    for (let i = 0; i < 200; i++) queue.push(`r${i}`, null, (i * 37) % 11);
    const all = ids(queue.toArray());
    for (let k = 0; k <= 201; k++) expect(ids(queue.top(k))).toEqual(all.slice(0, k));
  });

  it('toArray is a copy in pop order', () => {
    const queue = sample();
    const array = queue.toArray();
    expect(ids(array)).toEqual(popOrder);
    array.length = 0;
    expect(queue.size).toBe(8);
  });

  it('values yields every entry once', () => {
    const queue = sample();
    expect(ids([...queue.values()]).sort()).toEqual([...popOrder].sort());
  });

  it('clear empties the queue and keeps the order counter', () => {
    const queue = sample();
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
    expect(queue.has('r0')).toBe(false);
    expect(queue.top(5)).toEqual([]);
    queue.push('r0', 0, 1);
    expect(queue.get('r0')?.order).toBe(8);
    expectConsistent(queue, popOrder);
  });
});

// ---------------------------------------------------------------------------------------------
// Model-based property tests

type Command =
  | { kind: 'push'; id: string; priority: number; order: number | undefined }
  | { kind: 'pop' }
  | { kind: 'peek' }
  | { kind: 'remove'; id: string }
  | { kind: 'reprioritize'; id: string; priority: number }
  | { kind: 'top'; k: number }
  | { kind: 'clear' };

function commandArb(alphabet: readonly string[]): fc.Arbitrary<Command> {
  const id = fc.constantFrom(...alphabet);
  // A narrow range makes equal priorities (and so the order tie-break) common.
  const priority = fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, 0.5) },
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('push' as const),
        id,
        priority,
        order: fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined, freq: 3 }),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: 'pop' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'peek' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), id }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('reprioritize' as const), id, priority }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('top' as const), k: fc.nat({ max: 10 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  );
}

/** The obviously-correct reference: a plain array kept sorted by (priority desc, order asc). */
class Model {
  entries: QueueEntry<number>[] = [];
  private nextOrder = 0;
  constructor(readonly capacity: number) {}

  private sort(): void {
    this.entries.sort((a, b) => (a.priority === b.priority ? a.order - b.order : a.priority > b.priority ? -1 : 1));
  }

  /** Returns the error class the queue must throw, or the order the entry must get. */
  push(id: string, value: number, priority: number, order: number | undefined): 'duplicate' | 'full' | number {
    if (this.entries.some((e) => e.id === id)) return 'duplicate';
    if (this.entries.length >= this.capacity) return 'full';
    const entryOrder = order ?? this.nextOrder;
    this.nextOrder = Math.max(this.nextOrder, entryOrder + 1);
    this.entries.push({ id, value, priority, order: entryOrder });
    this.sort();
    return entryOrder;
  }

  pop(): QueueEntry<number> | undefined {
    return this.entries.shift();
  }

  remove(id: string): QueueEntry<number> | undefined {
    const i = this.entries.findIndex((e) => e.id === id);
    return i === -1 ? undefined : this.entries.splice(i, 1)[0];
  }

  reprioritize(id: string, priority: number): boolean {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i === -1) return false;
    this.entries[i] = { ...this.entries[i]!, priority };
    this.sort();
    return true;
  }
}

function sameEntry<T>(a: QueueEntry<T>, b: QueueEntry<T> | undefined): boolean {
  return b !== undefined && a.id === b.id && a.value === b.value && a.priority === b.priority && a.order === b.order;
}

function runAgainstModel(commands: readonly Command[], capacity: number, alphabet: readonly string[]): void {
  const queue = new PriorityQueue<number>({ capacity });
  const model = new Model(capacity);
  let value = 0;
  for (const command of commands) {
    switch (command.kind) {
      case 'push': {
        // (priority, order) ties have an unspecified pop order, so only pass an explicit order
        // that no queued entry holds; default orders are unique by construction.
        const order =
          command.order !== undefined && !model.entries.some((e) => e.order === command.order)
            ? command.order
            : undefined;
        value++;
        const expected = model.push(command.id, value, command.priority, order);
        if (expected === 'duplicate') {
          expect(() => queue.push(command.id, value, command.priority, order)).toThrow(DuplicateQueueIdError);
        } else if (expected === 'full') {
          expect(() => queue.push(command.id, value, command.priority, order)).toThrow(QueueFullError);
        } else {
          queue.push(command.id, value, command.priority, order);
          expect(queue.get(command.id)).toEqual({ id: command.id, value, priority: command.priority, order: expected });
        }
        break;
      }
      case 'pop':
        expect(queue.pop()).toEqual(model.pop());
        break;
      case 'peek':
        expect(queue.peek()).toEqual(model.entries[0]);
        break;
      case 'remove':
        expect(queue.remove(command.id)).toEqual(model.remove(command.id));
        break;
      case 'reprioritize':
        expect(queue.reprioritize(command.id, command.priority)).toBe(model.reprioritize(command.id, command.priority));
        break;
      case 'top':
        expect(queue.top(command.k)).toEqual(model.entries.slice(0, command.k));
        break;
      case 'clear':
        queue.clear();
        model.entries = [];
        break;
    }
    const actual = queue.toArray();
    // Cheap field comparison first; `expect` only to report a mismatch readably.
    if (queue.size !== model.entries.length || !actual.every((e, i) => sameEntry(e, model.entries[i]))) {
      expect(actual).toEqual(model.entries);
    }
    expectConsistent(queue, alphabet);
  }
}

describe('PriorityQueue against a reference model', () => {
  const small = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  it('gives identical results after every command (small id alphabet)', () => {
    fc.assert(
      fc.property(
        fc.array(commandArb(small), { maxLength: 60 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 6 })),
        (commands, capacity) => runAgainstModel(commands, capacity, small),
      ),
      { numRuns: 400 },
    );
  });

  it('keeps the heap property and index consistent on deeper heaps', () => {
    const wide = Array.from({ length: 48 }, (_, i) => `id${i}`);
    fc.assert(
      fc.property(fc.array(commandArb(wide), { minLength: 50, maxLength: 200 }), (commands) =>
        runAgainstModel(commands, Infinity, wide),
      ),
      { numRuns: 150 },
    );
  });
});
