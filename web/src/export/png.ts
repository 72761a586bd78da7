import type { CachedStroke } from '../canvas/stroke-cache.ts';
import { renderStrokes, type ColorMapper } from '../canvas/render-strokes.ts';
import { EXPORT_BACKGROUND, exportBounds } from './frame.ts';

/** Pixels per world unit in the image: 2, so it is sharp on a HiDPI screen at 100 %. */
export const PNG_SCALE = 2;
/** Browsers refuse canvases much past 16k pixels a side (and 268 M pixels in all). */
export const MAX_PNG_SIDE = 8192;

/** The board painted into an offscreen canvas, as PNG bytes. */
export async function boardPng(
  strokes: readonly CachedStroke[],
  background: string = EXPORT_BACKGROUND,
  color: ColorMapper = (color) => color,
): Promise<Blob> {
  const area = exportBounds(strokes);
  const width = area.maxX - area.minX;
  const height = area.maxY - area.minY;
  const scale = Math.min(PNG_SCALE, MAX_PNG_SIDE / width, MAX_PNG_SIDE / height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw into an offscreen canvas');
  // Every stroke, finished or not, in its stored colour: the file shows the board as it is.
  const finished = strokes.map((stroke) =>
    stroke.done ? stroke : { ...stroke, done: true, path: null },
  );
  renderStrokes(
    ctx,
    { strokes: finished, color },
    {
      viewport: { x: area.minX, y: area.minY, zoom: scale },
      // The canvas's own size: the renderer culls to what fits on it at this zoom.
      size: { width: canvas.width, height: canvas.height },
      pixelRatio: 1,
    },
  );
  // Painted under the strokes after the fact: renderStrokes starts by clearing the canvas.
  ctx.globalCompositeOperation = 'destination-over';
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode a PNG'))),
      'image/png',
    );
  });
}
