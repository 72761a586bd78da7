/**
 * The ink of a stroke: perfect-freehand turns its pen samples into an outline polygon, which is
 * then traced as a smooth closed curve. The canvas (Path2D) and SVG export trace the same curve
 * through the PathSink interface, so a file looks exactly like the board.
 */
import { getStroke, type StrokeOptions } from 'perfect-freehand';
import { POINT_STRIDE } from '../model/points-codec.ts';

/** perfect-freehand's input: x, y, pressure. */
export type InkPoint = [x: number, y: number, pressure: number];

/**
 * Pressure is never simulated here: a mouse's pressure is simulated once, when it is drawn (see
 * tools/pressure.ts), and stored, so every peer and every export renders the same shape.
 * With thinning 0.5 a pressure of 0.5 gives a line exactly `width` wide, as the hit test assumes.
 */
export function inkOptions(width: number, done: boolean): StrokeOptions {
  return {
    size: width,
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.35,
    simulatePressure: false,
    last: done,
  };
}

/** The decoded x, y, p triples of a stroke as perfect-freehand points. */
export function inkPoints(points: Float32Array): InkPoint[] {
  const result: InkPoint[] = [];
  for (let i = 0; i + 2 < points.length; i += POINT_STRIDE) {
    result.push([points[i] ?? 0, points[i + 1] ?? 0, points[i + 2] ?? 0]);
  }
  return result;
}

/** The outline polygon around the ink, in the points' coordinates (world units). */
export function inkOutline(points: readonly InkPoint[], width: number, done: boolean): number[][] {
  if (points.length === 0) return [];
  return getStroke(points as InkPoint[], inkOptions(width, done));
}

/** What a closed curve is traced into: Path2D and CanvasRenderingContext2D fit as they are. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
  closePath(): void;
}

/**
 * Traces the polygon as a smooth closed curve: it passes through the midpoint of every edge,
 * with each vertex as the control point between two midpoints. The polygon's vertices are dense
 * (a few world units apart), so the curve stays within a fraction of a unit of it.
 */
export function traceOutline(sink: PathSink, outline: readonly number[][]): void {
  const count = outline.length;
  if (count < 3) return;
  const vertex = (i: number): number[] => outline[i % count] ?? [0, 0];
  const [x0 = 0, y0 = 0] = vertex(count - 1);
  const [x1 = 0, y1 = 0] = vertex(0);
  sink.moveTo((x0 + x1) / 2, (y0 + y1) / 2);
  for (let i = 0; i < count; i++) {
    const [cx = 0, cy = 0] = vertex(i);
    const [nx = 0, ny = 0] = vertex(i + 1);
    sink.quadraticCurveTo(cx, cy, (cx + nx) / 2, (cy + ny) / 2);
  }
  sink.closePath();
}

/** Builds SVG path data; two decimals is 1/100 of a world unit, far below what shows. */
export class SvgPathData implements PathSink {
  #parts: string[] = [];

  moveTo(x: number, y: number): void {
    this.#parts.push(`M${fixed(x)} ${fixed(y)}`);
  }

  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    this.#parts.push(`Q${fixed(cx)} ${fixed(cy)} ${fixed(x)} ${fixed(y)}`);
  }

  closePath(): void {
    this.#parts.push('Z');
  }

  toString(): string {
    return this.#parts.join('');
  }
}

/** SVG path data for a stroke's outline; empty for a stroke without points. */
export function strokePathData(points: Float32Array, width: number, done: boolean): string {
  const data = new SvgPathData();
  traceOutline(data, inkOutline(inkPoints(points), width, done));
  return data.toString();
}

const fixed = (value: number): string => String(Math.round(value * 100) / 100);
