/**
 * Removes what a model repeats at the seam when it continues an answer under the
 * `instruct` strategy: the longest end of the partial that the continuation starts with.
 *
 * It holds back the start of the continuation only while it could still be such a
 * repetition (typically a few words), then lets everything through untouched.
 *
 * @example
 * ```ts
 * const seam = new SeamFilter('The quick brown fox');
 * seam.push(' brown f');  // '' (could still be a repetition)
 * seam.push('ox jumps');  // ' jumps'
 * ```
 */
export class SeamFilter {
  private held = '';
  private decided = false;

  /**
   * @param minOverlap shorter matches are kept: a continuation may legitimately start like the partial ends.
   * @param maxOverlap longest repetition looked for.
   */
  constructor(
    private readonly prefix: string,
    private readonly minOverlap = 4,
    private readonly maxOverlap = 256,
  ) {
    if (prefix === '') this.decided = true;
  }

  /** Takes the next piece of the continuation; returns what may be shown now. */
  push(text: string): string {
    if (this.decided) return text;
    this.held += text;
    if (this.couldGrow()) return '';
    return this.decide();
  }

  /** The stream ended: releases whatever is still held. */
  end(): string {
    return this.decided ? '' : this.decide();
  }

  /** Some end of the partial longer than what is held still starts with it. */
  private couldGrow(): boolean {
    const longest = Math.min(this.prefix.length, this.maxOverlap);
    for (let length = this.held.length + 1; length <= longest; length++) {
      if (this.prefix.startsWith(this.held, this.prefix.length - length)) return true;
    }
    return false;
  }

  private decide(): string {
    this.decided = true;
    const held = this.held;
    this.held = '';
    const longest = Math.min(this.prefix.length, this.maxOverlap, held.length);
    for (let length = longest; length >= this.minOverlap; length--) {
      if (this.prefix.endsWith(held.slice(0, length))) return held.slice(length);
    }
    // A partial shorter than minOverlap repeated whole (an answer cut after its first word) is a repetition too.
    if (this.prefix.length < this.minOverlap && held.startsWith(this.prefix)) return held.slice(this.prefix.length);
    return held;
  }
}
