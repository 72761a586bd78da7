/**
 * Plane geometry for strokes in world coordinates: bounding boxes and hit tests.
 *
 * A stroke's hit area is its polyline widened by width / 2 on each side, at full width whatever
 * the pressure, so erasing a light stroke is slightly generous rather than fiddly.
 */
import { POINT_STRIDE } from './points-codec.ts';

export interface Vec {
  readonly x: number;
  readonly y: number;
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export interface StrokeShape {
  /** x, y, p triples, as decoded (see StrokeView). */
  readonly points: Float32Array;
  readonly width: number;
}

export interface HittableStroke extends StrokeShape {
  readonly id: string;
  /** Pass the cached strokeBounds to skip recomputing it on every eraser move. */
  readonly bounds?: Bounds | null;
}

/** The eraser's movement between two pointer events. */
export interface Sweep {
  readonly from: Vec;
  readonly to: Vec;
}

/** The box around the stroke's ink (points grown by width / 2), or null for no points. */
export function strokeBounds(stroke: StrokeShape): Bounds | null {
  const { points } = stroke;
  if (points.length < POINT_STRIDE) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < points.length; i += POINT_STRIDE) {
    const x = points[i] ?? 0;
    const y = points[i + 1] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return expandBounds({ minX, minY, maxX, maxY }, stroke.width / 2);
}

export function expandBounds(b: Bounds, by: number): Bounds {
  return { minX: b.minX - by, minY: b.minY - by, maxX: b.maxX + by, maxY: b.maxY + by };
}

/** The box around all given boxes (nulls skipped), or null if there are none: zoom-to-fit. */
export function unionBounds(boxes: Iterable<Bounds | null>): Bounds | null {
  let union: Bounds | null = null;
  for (const b of boxes) {
    if (b === null) continue;
    union =
      union === null
        ? b
        : {
            minX: Math.min(union.minX, b.minX),
            minY: Math.min(union.minY, b.minY),
            maxX: Math.max(union.maxX, b.maxX),
            maxY: Math.max(union.maxY, b.maxY),
          };
  }
  return union;
}

/** Touching edges count as intersecting. */
export function boundsIntersect(a: Bounds, b: Bounds): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}

/** Does a circle of `radius` at `point` touch the stroke? */
export function hitTest(
  strokePoints: Float32Array,
  width: number,
  point: Vec,
  radius: number,
): boolean {
  return sweepHitsStroke(strokePoints, width, { from: point, to: point }, radius);
}

/**
 * Does a circle of `radius` moved from `sweep.from` to `sweep.to` touch the stroke? Testing the
 * whole sweep means a fast eraser cannot jump over a thin stroke between two pointer events.
 */
export function sweepHitsStroke(
  strokePoints: Float32Array,
  width: number,
  sweep: Sweep,
  radius: number,
): boolean {
  const reach = radius + width / 2;
  const reachSq = reach * reach;
  const { from: a, to: b } = sweep;
  // Each stroke segment is first checked against the sweep's box grown by reach: a few
  // comparisons that reject almost every segment of a stroke the eraser is nowhere near.
  const left = Math.min(a.x, b.x) - reach;
  const right = Math.max(a.x, b.x) + reach;
  const top = Math.min(a.y, b.y) - reach;
  const bottom = Math.max(a.y, b.y) + reach;
  const count = Math.floor(strokePoints.length / POINT_STRIDE);
  if (count === 0) return false;
  let cx = strokePoints[0] ?? 0;
  let cy = strokePoints[1] ?? 0;
  if (count === 1) return pointSegmentDistanceSq(cx, cy, a.x, a.y, b.x, b.y) <= reachSq;
  for (let i = 1; i < count; i++) {
    const dx = strokePoints[i * POINT_STRIDE] ?? 0;
    const dy = strokePoints[i * POINT_STRIDE + 1] ?? 0;
    const outside =
      (cx < left && dx < left) ||
      (cx > right && dx > right) ||
      (cy < top && dy < top) ||
      (cy > bottom && dy > bottom);
    if (!outside && segmentDistanceSq(a.x, a.y, b.x, b.y, cx, cy, dx, dy) <= reachSq) return true;
    cx = dx;
    cy = dy;
  }
  return false;
}

/** Ids of the strokes an eraser of `radius` touches while moving along `sweep`, in input order. */
/** The box a circle of `radius` covers moving along `sweep`: nothing outside it can be hit. */
export function sweepBounds(sweep: Sweep, radius: number): Bounds {
  return expandBounds(
    {
      minX: Math.min(sweep.from.x, sweep.to.x),
      minY: Math.min(sweep.from.y, sweep.to.y),
      maxX: Math.max(sweep.from.x, sweep.to.x),
      maxY: Math.max(sweep.from.y, sweep.to.y),
    },
    radius,
  );
}

export function strokesHitBy(
  strokes: Iterable<HittableStroke>,
  sweep: Sweep,
  radius: number,
): string[] {
  const hit: string[] = [];
  const sweepBox = sweepBounds(sweep, radius);
  for (const stroke of strokes) {
    const box = stroke.bounds === undefined ? strokeBounds(stroke) : stroke.bounds;
    if (box === null || !boundsIntersect(box, sweepBox)) continue;
    if (sweepHitsStroke(stroke.points, stroke.width, sweep, radius)) hit.push(stroke.id);
  }
  return hit;
}

/** Squared distance from point P to segment AB (a point when A = B). */
export function pointSegmentDistanceSq(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const abx = bx - ax;
  const aby = by - ay;
  const lengthSq = abx * abx + aby * aby;
  const t = lengthSq === 0 ? 0 : clamp01(((px - ax) * abx + (py - ay) * aby) / lengthSq);
  const ex = ax + t * abx - px;
  const ey = ay + t * aby - py;
  return ex * ex + ey * ey;
}

/** Squared distance between segments AB and CD: 0 if they cross, else the nearest endpoint. */
export function segmentDistanceSq(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  if (segmentsCross(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    pointSegmentDistanceSq(ax, ay, cx, cy, dx, dy),
    pointSegmentDistanceSq(bx, by, cx, cy, dx, dy),
    pointSegmentDistanceSq(cx, cy, ax, ay, bx, by),
    pointSegmentDistanceSq(dx, dy, ax, ay, bx, by),
  );
}

/**
 * Strict crossing: each segment's ends lie on opposite sides of the other. Touching and
 * collinear cases need no special handling, the endpoint distances above are then 0.
 */
function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const c = cross(ax, ay, bx, by, cx, cy);
  const d = cross(ax, ay, bx, by, dx, dy);
  const a = cross(cx, cy, dx, dy, ax, ay);
  const b = cross(cx, cy, dx, dy, bx, by);
  return c * d < 0 && a * b < 0;
}

/** Which side of line OP the point Q lies on (sign), times |OP|. */
const cross = (ox: number, oy: number, px: number, py: number, qx: number, qy: number): number =>
  (px - ox) * (qy - oy) - (py - oy) * (qx - ox);

const clamp01 = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : t);
