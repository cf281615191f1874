import { SwitchboardError } from '../errors/SwitchboardError.js';

/**
 * Thrown by a bounded queue's `push` when it already holds `capacity` entries.
 *
 * The push is refused whole: nothing already queued is dropped or displaced, so the caller
 * can shed the new work (e.g. answer 429) or retry it once the queue drains.
 *
 * @example
 * ```ts
 * try {
 *   queue.push(request.id, request, request.priority);
 * } catch (error) {
 *   if (error instanceof QueueFullError) return reject429(`retry later (capacity ${error.capacity})`);
 *   throw error;
 * }
 * ```
 */
export class QueueFullError extends SwitchboardError {
  override readonly name: string = 'QueueFullError';
  /** The limit that was hit, so handlers can report it without holding the queue. */
  readonly capacity: number;

  constructor(capacity: number, message?: string) {
    // A SwitchboardError too, so one `catch` handles every refused call of the public API.
    super('queue_full', message ?? `Queue is full (capacity ${capacity}): wait for queued work to finish or raise the capacity.`);
    this.capacity = capacity;
  }
}

/**
 * Thrown by `push` when an entry with the same id is already queued.
 *
 * Ids key the queue's index (used by `remove` and `reprioritize`), so silently accepting a
 * second entry would make one of the two unreachable; the caller almost certainly meant to
 * `reprioritize` or to generate a fresh id.
 *
 * @example
 * ```ts
 * try {
 *   queue.push('req-1', request, 5);
 * } catch (error) {
 *   if (error instanceof DuplicateQueueIdError) queue.reprioritize(error.id, 5);
 *   else throw error;
 * }
 * ```
 */
export class DuplicateQueueIdError extends Error {
  override readonly name = 'DuplicateQueueIdError';
  /** The id that is already queued. */
  readonly id: string;

  constructor(id: string) {
    super(
      `Queue already holds an entry with id ${JSON.stringify(id)}: remove it or reprioritize it instead of pushing it again, or use a unique id.`,
    );
    this.id = id;
  }
}
