/**
 * Level of detail: how much of a stroke's shape is worth drawing at a given scale. Zoomed out,
 * most strokes are thinner than a device pixel, and filling perfect-freehand's outline (about
 * 130 curve segments for 60 pen samples) costs the rasterizer as much as at 100 % while showing
 * a faint line. Below a pixel of width a polyline through the pen samples, thinned to what the
 * scale can show, looks the same: Skia draws a stroke under a pixel wide as a hairline with its
 * alpha scaled by the width, which is the coverage the thin outline had.
 */
import type { Bounds } from '../model/geometry.ts';
import { POINT_STRIDE } from '../model/points-codec.ts';

export type Detail = 'speck' | 'hairline' | 'outline';

/** A stroke whose box is smaller than this many device pixels each way is a speck. */
export const SPECK_PIXELS = 1;
/** Ink at most this many device pixels wide is drawn as a hairline. */
export const HAIRLINE_PIXELS = 1;
/**
 * A hairline leaves out pen samples closer than this many device pixels to the last one kept.
 * Rasterizing costs about the same per segment (60 segments: 14 µs, 15: 4 µs), and a bend
 * within a pixel does not show.
 */
export const HAIRLINE_STEP_PIXELS = 1;

export interface DetailShape {
  readonly width: number;
  readonly bounds: Bounds | null;
}

/** How to draw `stroke` at `scale` device pixels per world unit. */
export function detailAt(stroke: DetailShape, scale: number): Detail {
  const { bounds } = stroke;
  if (
    bounds !== null &&
    (bounds.maxX - bounds.minX) * scale < SPECK_PIXELS &&
    (bounds.maxY - bounds.minY) * scale < SPECK_PIXELS
  ) {
    return 'speck';
  }
  return stroke.width * scale <= HAIRLINE_PIXELS ? 'hairline' : 'outline';
}

/**
 * The step, in world units, between kept samples of a hairline at `scale`: between half and
 * all of HAIRLINE_STEP_PIXELS on screen, rounded down to a power of two so that one cached polyline
 * serves every scale up to twice as large.
 */
export function hairlineStep(scale: number): number {
  return 2 ** Math.floor(Math.log2(HAIRLINE_STEP_PIXELS / scale));
}

/**
 * Skia's hairlines put less ink down than filling an outline as thin: a 10,000-stroke board
 * zoomed to fit had 15 % less alpha in all drawn as hairlines of the ink's mean width, 11 % at
 * twice that zoom. Hairlines are this much wider to make up for it: total alpha is then within
 * 1 % of the outlines' at both zooms (scratch comparison against the previous renderer).
 */
const HAIRLINE_INK = 1.2;

/**
 * The line width of a hairline for a stroke `width` wide: perfect-freehand, with the thinning
 * of stroke-outline.ts, makes ink width × (0.5 + pressure) wide.
 */
export function hairlineWidth(points: Float32Array, width: number): number {
  const count = Math.floor(points.length / POINT_STRIDE);
  if (count === 0) return width * HAIRLINE_INK;
  let pressure = 0;
  for (let i = 0; i < count; i++) pressure += points[i * POINT_STRIDE + 2] ?? 0;
  return width * (0.5 + pressure / count) * HAIRLINE_INK;
}

/** What a polyline is traced into: Path2D fits as it is. */
export interface LineSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/**
 * Traces the pen samples (x, y, p triples) as a polyline, leaving out every sample within
 * `step` of the last one kept; the last sample is always kept, so the line ends where the ink
 * does. A single sample is traced as a zero-length line, which a round cap shows as a dot.
 */
export function traceHairline(sink: LineSink, points: Float32Array, step: number): void {
  const count = Math.floor(points.length / POINT_STRIDE);
  if (count === 0) return;
  let lastX = points[0] ?? 0;
  let lastY = points[1] ?? 0;
  sink.moveTo(lastX, lastY);
  const stepSquared = step * step;
  let pending = false;
  for (let i = 1; i < count; i++) {
    const x = points[i * POINT_STRIDE] ?? 0;
    const y = points[i * POINT_STRIDE + 1] ?? 0;
    if ((x - lastX) ** 2 + (y - lastY) ** 2 < stepSquared) {
      pending = true;
      continue;
    }
    sink.lineTo(x, y);
    lastX = x;
    lastY = y;
    pending = false;
  }
  const endX = points[(count - 1) * POINT_STRIDE] ?? 0;
  const endY = points[(count - 1) * POINT_STRIDE + 1] ?? 0;
  if (pending || count === 1) sink.lineTo(endX, endY);
}
