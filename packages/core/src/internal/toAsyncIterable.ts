import type { Observable } from 'rxjs';

/**
 * Pull-based view of an observable: values are buffered between pulls, so a slow
 * `for await` loop loses nothing; leaving the loop unsubscribes.
 */
export function toAsyncIterable<T>(source: Observable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const buffer: T[] = [];
      let done = false;
      let failure: { error: unknown } | null = null;
      let wake: (() => void) | null = null;
      const notify = () => {
        const w = wake;
        wake = null;
        w?.();
      };
      const subscription = source.subscribe({
        next: (value) => {
          buffer.push(value);
          notify();
        },
        error: (error) => {
          failure = { error };
          notify();
        },
        complete: () => {
          done = true;
          notify();
        },
      });
      return {
        async next(): Promise<IteratorResult<T>> {
          for (;;) {
            if (buffer.length > 0) return { value: buffer.shift()!, done: false };
            if (failure) throw failure.error;
            if (done) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        async return(): Promise<IteratorResult<T>> {
          subscription.unsubscribe();
          done = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
