/**
 * A version's small picture for the history panel: every stroke, fitted into a few hundred
 * pixels with the board's own renderer (canvas/render-strokes.ts), as a PNG data URL the list
 * can show in an <img> and keep while the panel lives.
 */
import { renderStrokes, type ColorMapper } from '../canvas/render-strokes.ts';
import type { CachedStroke } from '../canvas/stroke-cache.ts';
import { unionBounds } from '../model/geometry.ts';
import { fitBounds, type Size, type Viewport } from '../model/viewport.ts';

/** CSS pixels of one thumbnail; drawn at twice that for HiDPI screens. */
export const THUMBNAIL_SIZE: Size = { width: 96, height: 64 };
const THUMBNAIL_PIXEL_RATIO = 2;
/** CSS pixels kept free around the ink. */
const THUMBNAIL_PADDING = 6;

/** Where the thumbnail looks from: the ink fitted into it, or the origin for an empty board. */
export function thumbnailViewport(strokes: readonly CachedStroke[], size: Size): Viewport {
  const ink = unionBounds(strokes.map((stroke) => stroke.bounds));
  return ink === null ? { x: 0, y: 0, zoom: 1 } : fitBounds(size, ink, THUMBNAIL_PADDING);
}

/** The picture as a PNG data URL, or null when the browser cannot draw one. */
export function drawThumbnail(strokes: readonly CachedStroke[], color: ColorMapper): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = THUMBNAIL_SIZE.width * THUMBNAIL_PIXEL_RATIO;
  canvas.height = THUMBNAIL_SIZE.height * THUMBNAIL_PIXEL_RATIO;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  // Strokes still being drawn when the version was kept show as they were.
  const finished = strokes.map((stroke) => (stroke.done ? stroke : { ...stroke, done: true }));
  renderStrokes(
    ctx,
    { strokes: finished, color },
    {
      viewport: thumbnailViewport(strokes, THUMBNAIL_SIZE),
      size: THUMBNAIL_SIZE,
      pixelRatio: THUMBNAIL_PIXEL_RATIO,
    },
  );
  return canvas.toDataURL('image/png');
}
