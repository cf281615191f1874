import type { Point } from './geometry.js';

/** How the curve passes a point: as it comes (`smooth`), level (under a label), or upright (the far end of a loop). */
export type Pass = 'smooth' | 'level' | 'upright';

/** A coordinate for SVG: one decimal, no `-0`. */
export const px = (value: number): string => String(Math.round(value * 10) / 10 + 0);

/**
 * An SVG path through the points: straight for two, else a cubic Hermite spline
 * (Catmull-Rom tangents) whose tangent can be forced level, so an edge runs flat under its
 * label, or upright, so a loop turns round smoothly.
 *
 * @example
 * ```ts
 * curveThrough([{ x: 0, y: 0 }, { x: 50, y: 20 }]); // 'M0,0 L50,20'
 * ```
 */
export function curveThrough(points: readonly Point[], passes: readonly Pass[] = []): string {
  const at = (p: Point) => `${px(p.x)},${px(p.y)}`;
  if (points.length < 3) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${at(p)}`).join(' ');
  const last = points.length - 1;
  const tangents = points.map((p, i): Point => {
    const before = points[Math.max(0, i - 1)]!;
    const after = points[Math.min(last, i + 1)]!;
    const scale = i === 0 || i === last ? 1 : 0.5;
    const smooth = { x: (after.x - before.x) * scale, y: (after.y - before.y) * scale };
    switch (passes[i]) {
      case 'level':
        return { x: smooth.x, y: 0 };
      case 'upright':
        return { x: 0, y: Math.sign(smooth.y || 1) * Math.max(Math.abs(smooth.y), 36) };
      default:
        return smooth;
    }
  });
  const parts = [`M${at(points[0]!)}`];
  for (let i = 0; i < last; i++) {
    const [p, q, m, n] = [points[i]!, points[i + 1]!, tangents[i]!, tangents[i + 1]!];
    parts.push(`C${at({ x: p.x + m.x / 3, y: p.y + m.y / 3 })} ${at({ x: q.x - n.x / 3, y: q.y - n.y / 3 })} ${at(q)}`);
  }
  return parts.join(' ');
}
