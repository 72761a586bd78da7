import type { Bounds } from '../model/geometry.ts';
import type { View } from './view.ts';

/** A rectangle of device pixels on a canvas. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Reusing a painted layer after a pan: move its pixels, then paint what came into view. */
export interface Scroll {
  /** Whole device pixels to move the old picture by. */
  readonly dx: number;
  readonly dy: number;
  /** The strips the move uncovered, to be painted afresh. */
  readonly exposed: readonly PixelRect[];
}

/** Farther from a whole pixel than this, moving the pixels would blur or misalign them. */
const WHOLE_PIXEL_TOLERANCE = 1e-3;

/**
 * How a layer painted for `from` can be reused for `to`: only when the camera moved sideways by
 * whole device pixels (same zoom and size), and by less than the canvas, since then the moved
 * pixels are exactly what painting afresh would give. Otherwise null: paint it all.
 */
export function scrollBetween(from: View, to: View, canvas: PixelSize): Scroll | null {
  if (
    from.viewport.zoom !== to.viewport.zoom ||
    from.pixelRatio !== to.pixelRatio ||
    from.size.width !== to.size.width ||
    from.size.height !== to.size.height
  ) {
    return null;
  }
  const scale = to.viewport.zoom * to.pixelRatio;
  const exactX = (from.viewport.x - to.viewport.x) * scale;
  const exactY = (from.viewport.y - to.viewport.y) * scale;
  const dx = Math.round(exactX);
  const dy = Math.round(exactY);
  if (
    Math.abs(exactX - dx) > WHOLE_PIXEL_TOLERANCE ||
    Math.abs(exactY - dy) > WHOLE_PIXEL_TOLERANCE ||
    Math.abs(dx) >= canvas.width ||
    Math.abs(dy) >= canvas.height
  ) {
    return null;
  }
  const { width, height } = canvas;
  const exposed: PixelRect[] = [];
  if (dx > 0) exposed.push({ x: 0, y: 0, width: dx, height });
  if (dx < 0) exposed.push({ x: width + dx, y: 0, width: -dx, height });
  if (dy > 0) exposed.push({ x: 0, y: 0, width, height: dy });
  if (dy < 0) exposed.push({ x: 0, y: height + dy, width, height: -dy });
  return { dx, dy, exposed };
}

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/** The world area a rectangle of device pixels shows. */
export function worldArea(rect: PixelRect, view: View): Bounds {
  const scale = view.viewport.zoom * view.pixelRatio;
  return {
    minX: view.viewport.x + rect.x / scale,
    minY: view.viewport.y + rect.y / scale,
    maxX: view.viewport.x + (rect.x + rect.width) / scale,
    maxY: view.viewport.y + (rect.y + rect.height) / scale,
  };
}
