/**
 * Rectangles of device pixels on a layer's canvas: the tiles a picture is repainted in, and
 * where a change to the document lands. Pure arithmetic, so it is tested without a canvas.
 */
import type { Bounds } from '../model/geometry.ts';
import type { PixelRect, PixelSize } from './scroll.ts';
import type { View } from './view.ts';

/**
 * The canvas cut into `tile`-pixel squares (smaller at the right and bottom edges), nearest to
 * the middle first: what the eye is on sharpens first.
 */
export function tilesOf(canvas: PixelSize, tile: number): PixelRect[] {
  const tiles: PixelRect[] = [];
  for (let y = 0; y < canvas.height; y += tile) {
    for (let x = 0; x < canvas.width; x += tile) {
      tiles.push({
        x,
        y,
        width: Math.min(tile, canvas.width - x),
        height: Math.min(tile, canvas.height - y),
      });
    }
  }
  const distance = (r: PixelRect) =>
    Math.hypot(r.x + r.width / 2 - canvas.width / 2, r.y + r.height / 2 - canvas.height / 2);
  return tiles.sort((a, b) => distance(a) - distance(b));
}

/** The rectangles moved by (dx, dy) with the picture, cut to the canvas; empty ones dropped. */
export function shiftRects(
  rects: readonly PixelRect[],
  dx: number,
  dy: number,
  canvas: PixelSize,
): PixelRect[] {
  const moved: PixelRect[] = [];
  for (const rect of rects) {
    const clipped = clipRect({ ...rect, x: rect.x + dx, y: rect.y + dy }, canvas);
    if (clipped) moved.push(clipped);
  }
  return moved;
}

/**
 * The whole device pixels a world box covers on the canvas, grown by one pixel each way for
 * anti-aliasing; null when it is off the canvas.
 */
export function deviceRectOf(bounds: Bounds, view: View, canvas: PixelSize): PixelRect | null {
  const scale = view.viewport.zoom * view.pixelRatio;
  const minX = Math.floor((bounds.minX - view.viewport.x) * scale) - 1;
  const minY = Math.floor((bounds.minY - view.viewport.y) * scale) - 1;
  const maxX = Math.ceil((bounds.maxX - view.viewport.x) * scale) + 1;
  const maxY = Math.ceil((bounds.maxY - view.viewport.y) * scale) + 1;
  return clipRect({ x: minX, y: minY, width: maxX - minX, height: maxY - minY }, canvas);
}

export function clipRect(rect: PixelRect, canvas: PixelSize): PixelRect | null {
  const x = Math.max(0, rect.x);
  const y = Math.max(0, rect.y);
  const width = Math.min(canvas.width, rect.x + rect.width) - x;
  const height = Math.min(canvas.height, rect.y + rect.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : null;
}

export function rectsIntersect(a: PixelRect, b: PixelRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The transform that draws a picture painted for `from` where it belongs in `to`:
 * device pixels scale by the ratio of the two scales and move by the camera's movement.
 * Returned as [scale, translateX, translateY] for setTransform(s, 0, 0, s, tx, ty).
 */
export function pictureTransform(from: View, to: View): [number, number, number] {
  const fromScale = from.viewport.zoom * from.pixelRatio;
  const toScale = to.viewport.zoom * to.pixelRatio;
  return [
    toScale / fromScale,
    (from.viewport.x - to.viewport.x) * toScale,
    (from.viewport.y - to.viewport.y) * toScale,
  ];
}
