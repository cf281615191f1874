/** A point of a drawing, in px from its top-left corner. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A rectangle of a drawing: its top-left corner and its size, in px. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where the line from the box's centre towards `toward` leaves the box: the point an edge
 * heading that way starts or ends at.
 *
 * @example
 * ```ts
 * borderPoint({ x: 0, y: 0, width: 100, height: 40 }, { x: 300, y: 20 }); // { x: 100, y: 20 }
 * ```
 */
export function borderPoint(box: Box, toward: Point): Point {
  const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return { x: box.x + box.width, y: center.y };
  const scale = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy));
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

/** Whether two boxes share any area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
