/**
 * Positions along a line as close as possible to the wished ones (least squares) while
 * keeping their order and at least `gaps[i]` between position i and i+1: isotonic
 * regression by pool-adjacent-violators, O(n). Used to place the states of one layer so
 * that each sits near its neighbours in the adjacent layers and none overlap.
 *
 * @example
 * ```ts
 * packInOrder([0, 0, 0], [10, 10]); // [-10, 0, 10]
 * ```
 */
export function packInOrder(wished: readonly number[], gaps: readonly number[]): number[] {
  // Shifting position i by the gaps before it turns "at least gap apart" into "non-decreasing".
  const offsets: number[] = [];
  let offset = 0;
  for (let i = 0; i < wished.length; i++) {
    offsets.push(offset);
    offset += gaps[i] ?? 0;
  }
  const blocks: { sum: number; count: number }[] = [];
  for (let i = 0; i < wished.length; i++) {
    let block = { sum: wished[i]! - offsets[i]!, count: 1 };
    while (blocks.length > 0 && blocks.at(-1)!.sum / blocks.at(-1)!.count > block.sum / block.count) {
      const previous = blocks.pop()!;
      block = { sum: previous.sum + block.sum, count: previous.count + block.count };
    }
    blocks.push(block);
  }
  const placed: number[] = [];
  for (const block of blocks) for (let k = 0; k < block.count; k++) placed.push(block.sum / block.count + offsets[placed.length]!);
  return placed;
}
