/**
 * What the machine alone does to a short timed call, for benchmarks whose targets are tail
 * latencies: a pure computation timed like the real thing, and the price of touching fresh memory.
 */
import { now, sinceNs } from './support.js';

let sink = 0;

/** Integer work the JIT cannot drop or fold: no allocation, no call, nothing but the loop. */
function spin(iterations: number): void {
  let x = sink;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 31) + i) | 0;
  sink = x;
}

/**
 * A busy loop whose median duration is about `targetNs` on this machine, calibrated on the spot.
 * Timed in the same processes and the same way as a round trip, its spread is what the machine
 * adds by itself (interrupts, the hypervisor, other load): no allocation, so no GC and no page faults.
 *
 * @example
 * ```ts
 * const loop = calibratedSpin(10_000);
 * const start = now(); loop(); const ns = sinceNs(start);
 * ```
 */
export function calibratedSpin(targetNs: number): () => void {
  let iterations = 1_000;
  for (let round = 0; round < 5; round++) {
    const samples: number[] = [];
    for (let k = 0; k < 201; k++) {
      const start = now();
      spin(iterations);
      samples.push(sinceNs(start));
    }
    samples.sort((a, b) => a - b);
    iterations = Math.max(1, Math.round((iterations * targetNs) / samples[100]!));
  }
  return () => spin(iterations);
}

/**
 * Microseconds to touch one fresh 4 KB page for the first time (a minor page fault and the
 * zeroing of the page), over 16 MB of a new ArrayBuffer. V8 hands a process's freed heap pages
 * back and takes fresh ones, so a call that allocates pays this for each page it reaches first.
 *
 * @example
 * ```ts
 * console.log(`${firstTouchUsPerPage().toFixed(1)} µs per page`);
 * ```
 */
export function firstTouchUsPerPage(): number {
  const PAGE = 4096;
  const bytes = new Uint8Array(16 << 20);
  const start = now();
  for (let i = 0; i < bytes.length; i += PAGE) bytes[i] = 1;
  return sinceNs(start) / 1000 / (bytes.length / PAGE);
}
