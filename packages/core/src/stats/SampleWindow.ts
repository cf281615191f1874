/**
 * The most recent `size` samples in a fixed ring, so a long-running process keeps
 * bounded memory while percentiles stay exact over the window.
 *
 * @example
 * ```ts
 * const waits = new SampleWindow(10_000);
 * waits.add(12);
 * waits.percentile(0.99); // 12
 * ```
 */
export class SampleWindow {
  // Allocated on the first sample: most schedulers in tests, and all idle ones, never need it.
  private ring: Float64Array | null = null;
  private next = 0;
  private filled = 0;

  constructor(readonly size = 10_000) {}

  get count(): number {
    return this.filled;
  }

  add(value: number): void {
    this.ring ??= new Float64Array(this.size);
    this.ring[this.next] = value;
    this.next = (this.next + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** Nearest-rank percentile (`p` in 0..1) of the window; `null` when empty. Sorts a copy: read rarely. */
  percentile(p: number): number | null {
    if (this.filled === 0 || !this.ring) return null;
    const sorted = this.ring.slice(0, this.filled).sort();
    const rank = Math.max(1, Math.ceil(p * this.filled));
    return sorted[rank - 1]!;
  }
}
