/**
 * A version's small picture for the history panel: every stroke, fitted into a few hundred
 * pixels with the board's own renderer (canvas/render-strokes.ts), as a PNG data URL the list
 * can show in an <img> and keep while the panel lives. Drawn like an export (stored colours on
 * white), so a picture stays right when the theme changes.
 */
import { renderStrokes, type ColorMapper } from '../canvas/render-strokes.ts';
import type { CachedStroke } from '../canvas/stroke-cache.ts';
import { unionBounds } from '../model/geometry.ts';
import { fitBounds, type Size, type Viewport } from '../model/viewport.ts';
import { EXPORT_BACKGROUND } from '../export/frame.ts';
import type { HistoryResult } from './history-api.ts';
import { versionDoc, versionStrokes } from './version-doc.ts';

/**
 * Versions up to this size get their thumbnail as soon as their row shows: a 1,000-stroke board
 * downloads as 313–415 KB (README, History; measured here too), so about 2,500 strokes. A bigger
 * one (10,000 strokes: 3.2–3.4 MB, whose thumbnail took 7.9 s to download, decode and draw on the
 * loaded 2-core machine against 3.2 s for 1,000) is drawn once the user opens it, rather than
 * downloading megabytes per row scrolled.
 */
export const EAGER_THUMBNAIL_BYTES = 1_048_576;

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
  // Painted under the strokes after the fact: renderStrokes starts by clearing the canvas.
  ctx.globalCompositeOperation = 'destination-over';
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = EXPORT_BACKGROUND;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

/**
 * Thumbnails of one room's versions, each drawn once while the panel lives, from the shared
 * downloads (a preview of the same version then costs no second request).
 */
export class Thumbnails {
  readonly #download: (id: string) => Promise<HistoryResult<Uint8Array>>;
  readonly #color: ColorMapper;
  readonly #drawn = new Map<string, Promise<string | null>>();

  /** `color`: the colour guard (a peer's colour the canvas would ignore is drawn as ink). */
  constructor(download: (id: string) => Promise<HistoryResult<Uint8Array>>, color: ColorMapper) {
    this.#download = download;
    this.#color = color;
  }

  /** The picture of version `id`, or null when it cannot be had (the row shows none). */
  get(id: string): Promise<string | null> {
    let drawn = this.#drawn.get(id);
    if (!drawn) {
      drawn = this.#draw(id);
      this.#drawn.set(id, drawn);
    }
    return drawn;
  }

  async #draw(id: string): Promise<string | null> {
    const result = await this.#download(id);
    const doc = result.ok ? versionDoc(result.value) : null;
    if (doc === null) {
      // Not kept: the next time the row shows, it tries again (the relay may be back).
      this.#drawn.delete(id);
      return null;
    }
    try {
      return drawThumbnail(versionStrokes(doc), this.#color);
    } finally {
      doc.destroy();
    }
  }
}
