/**
 * Plane transforms for moving, resizing and rotating elements, as 2×3 affine matrices in the
 * order canvas's setTransform takes them: [a, b, c, d, e, f] maps (x, y) to
 * (a·x + c·y + e, b·x + d·y + f). Pure functions, no Yjs: the select tool builds one matrix per
 * gesture (translation, resizeAbout, rotateAbout) and elements.ts turns it into each element's
 * transform fields (transformPatchFor).
 */
import { POINT_STRIDE } from './points-codec.ts';
import type { Bounds, Vec } from './geometry.ts';

export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** 15°, the step Shift snaps rotations and lines to. */
export const SNAP_ANGLE = Math.PI / 12;

export const isIdentity = (m: Affine): boolean =>
  m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && m[4] === 0 && m[5] === 0;

/** `outer` after `inner`: applying the result is applying inner, then outer. */
export function compose(outer: Affine, inner: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

export function applyToPoint(m: Affine, p: Vec): Vec {
  return { x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] };
}

/** Applies only the linear part (no translation): for directions. */
export function applyToVector(m: Affine, v: Vec): Vec {
  return { x: m[0] * v.x + m[2] * v.y, y: m[1] * v.x + m[3] * v.y };
}

export const determinant = (m: Affine): number => m[0] * m[3] - m[1] * m[2];

/** The inverse, or null for a matrix that flattens the plane (determinant 0). */
export function invert(m: Affine): Affine | null {
  const det = determinant(m);
  if (det === 0 || !Number.isFinite(det)) return null;
  const [a, b, c, d, e, f] = m;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export const translation = (dx: number, dy: number): Affine => [1, 0, 0, 1, dx, dy];

export function rotation(angle: number): Affine {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [cos, sin, -sin, cos, 0, 0];
}

/** Scales by (sx, sy) keeping `origin` where it is. */
export function scalingAbout(origin: Vec, sx: number, sy: number): Affine {
  return [sx, 0, 0, sy, origin.x - sx * origin.x, origin.y - sy * origin.y];
}

/** Rotates by `angle` radians (clockwise on screen, y pointing down) about `centre`. */
export function rotateAbout(centre: Vec, angle: number): Affine {
  return compose(
    translation(centre.x, centre.y),
    compose(rotation(angle), translation(-centre.x, -centre.y)),
  );
}

/**
 * How far from perpendicular (the cosine between them) a matrix's axes may be and still count
 * as a turn and a scale: a stroke turned and resized many times drifts by rounding, about 1e-15
 * a step, never near this; a skew a user made is far past it.
 */
const PERPENDICULAR_TOLERANCE = 1e-6;

/**
 * The angle `m` turns the plane by when it only turns and scales (a flip allowed): where it
 * takes "up", so a frame turned by it has the element's up as its own. Null when it shears
 * (the axes are not perpendicular), as stretching a turned stroke along the world's axes does.
 */
export function rotationOf(m: Affine): number | null {
  const [a, b, c, d] = m;
  const cosine = (a * c + b * d) / (Math.hypot(a, b) * Math.hypot(c, d));
  if (!(Math.abs(cosine) <= PERPENDICULAR_TOLERANCE)) return null;
  // Up (0, −1) goes to (−c, −d): its angle from up is atan2(−c, d).
  return Math.atan2(-c, d);
}

/** The nearest multiple of `step` (SNAP_ANGLE by default). */
export const snapAngle = (angle: number, step = SNAP_ANGLE): number =>
  Math.round(angle / step) * step;

/** The angle in (-π, π]. */
export function normalizeAngle(angle: number): number {
  const turns = Math.round(angle / (2 * Math.PI));
  const reduced = angle - turns * 2 * Math.PI;
  return reduced <= -Math.PI ? reduced + 2 * Math.PI : reduced;
}

export type Corner = 'nw' | 'ne' | 'sw' | 'se';

const OPPOSITE: Record<Corner, Corner> = { nw: 'se', ne: 'sw', sw: 'ne', se: 'nw' };

export function cornerOf(box: Bounds, corner: Corner): Vec {
  return {
    x: corner === 'nw' || corner === 'sw' ? box.minX : box.maxX,
    y: corner === 'nw' || corner === 'ne' ? box.minY : box.maxY,
  };
}

/**
 * Dragging `corner` of `box` to `pointer`: a scaling about the opposite corner, which stays put.
 * With `keepRatio` both axes take the larger of the two scales (Shift). Passing the opposite
 * corner flips the selection (negative scale), as in every drawing program. A box with no width
 * or height keeps that axis unscaled rather than dividing by zero.
 */
export function resizeAbout(box: Bounds, corner: Corner, pointer: Vec, keepRatio: boolean): Affine {
  const anchor = cornerOf(box, OPPOSITE[corner]);
  const from = cornerOf(box, corner);
  const spanX = from.x - anchor.x;
  const spanY = from.y - anchor.y;
  let sx = spanX === 0 ? 1 : (pointer.x - anchor.x) / spanX;
  let sy = spanY === 0 ? 1 : (pointer.y - anchor.y) / spanY;
  if (keepRatio) {
    const scale = Math.max(Math.abs(sx), Math.abs(sy));
    sx = Math.sign(sx || 1) * scale;
    sy = Math.sign(sy || 1) * scale;
  }
  return scalingAbout(anchor, sx, sy);
}

/** x, y, p triples (POINT_STRIDE floats a point) with x, y mapped by `m`; p is kept. */
export function transformPoints(points: Float32Array, m: Affine): Float32Array {
  if (isIdentity(m)) return points;
  const out = new Float32Array(points.length);
  for (let i = 0; i + 1 < points.length; i += POINT_STRIDE) {
    const x = points[i]!;
    const y = points[i + 1]!;
    out[i] = m[0] * x + m[2] * y + m[4];
    out[i + 1] = m[1] * x + m[3] * y + m[5];
    for (let k = 2; k < POINT_STRIDE && i + k < points.length; k++) out[i + k] = points[i + k]!;
  }
  return out;
}

/** The axis-aligned box around `points`, or null for none. */
export function boundsOfPoints(points: readonly Vec[]): Bounds | null {
  if (points.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}
