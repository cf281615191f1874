import type { Reply } from '@switchboard/core';

/** Resolves once the reply's text is at least `chars` long (event-driven, no polling). */
export function textReaches(reply: Reply, chars: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let length = 0;
    const subscription = reply.text$.subscribe({
      next: (piece) => {
        length += piece.length;
        if (length >= chars) {
          resolve();
          queueMicrotask(() => subscription.unsubscribe());
        }
      },
      error: reject,
      complete: () => reject(new Error(`the reply ended at ${length} chars, before reaching ${chars}`)),
    });
  });
}
