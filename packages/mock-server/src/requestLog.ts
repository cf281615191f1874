import type { RecordedRequest } from './types.js';

/**
 * The server's own writable view of a recorded request.
 *
 * @example
 * ```ts
 * record.chunksSent++; // only the server writes; users see RecordedRequest
 * ```
 */
export type MutableRecordedRequest = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

interface Waiter {
  readonly predicate: (requests: readonly RecordedRequest[]) => boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The recorded requests plus the `waitFor` waiters. Waiters are re-checked on every
 * request event (start, chunk, close, finish) instead of on a polling timer, so tests
 * react at the exact event and never depend on timing.
 *
 * @example
 * ```ts
 * const log = new RequestLog();
 * const seen = log.waitFor((r) => r.length > 0);
 * log.add({ ...fields });  // `seen` resolves
 * ```
 */
export class RequestLog {
  readonly requests: MutableRecordedRequest[] = [];
  readonly #waiters = new Set<Waiter>();

  /** Appends a request (its `index` is set here) and signals the start event. */
  add(fields: Omit<MutableRecordedRequest, 'index'>): MutableRecordedRequest {
    const record: MutableRecordedRequest = { index: this.requests.length, ...fields };
    this.requests.push(record);
    this.notify();
    return record;
  }

  /** Re-checks the waiters; called after every change to a record. Cheap when none wait. */
  notify(): void {
    if (this.#waiters.size === 0) return;
    for (const waiter of this.#waiters) {
      let holds: boolean;
      try {
        holds = waiter.predicate(this.requests);
      } catch (error) {
        this.#waiters.delete(waiter);
        waiter.reject(error);
        continue;
      }
      if (holds) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `predicate` holds: at once if it already does. A throwing predicate rejects. */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { predicate, resolve, reject };
      this.#waiters.add(waiter);
      this.notify();
    });
  }

  /** Fails every pending waiter, so a test waiting on a closed server errors instead of hanging. */
  rejectAll(error: Error): void {
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters.clear();
  }
}
