import { boundsIntersect, type Bounds } from '../model/geometry.ts';
import { visibleBounds } from '../model/viewport.ts';
import type { CachedStroke } from './stroke-cache.ts';
import { inkOutline, inkPoints, traceOutline } from './stroke-outline.ts';
import { worldArea, type Scroll } from './scroll.ts';
import { beginFrame, setWorldTransform, type View } from './view.ts';

/** Maps a stored colour to the one shown, e.g. dark ink to light ink on a dark board. */
export type ColorMapper = (color: string) => string;

export interface StrokesScene {
  /** In drawing order; unfinished strokes among them are skipped (the live layer has them). */
  readonly strokes: readonly CachedStroke[];
  readonly color: ColorMapper;
}

/** The finished strokes that touch the view, bottom to top. */
export function renderStrokes(ctx: CanvasRenderingContext2D, scene: StrokesScene, view: View) {
  beginFrame(ctx, view);
  fillStrokesIn(ctx, scene, visibleBounds(view.viewport, view.size));
}

/**
 * The same picture as renderStrokes after a pan, from the picture before it: the old pixels
 * move by whole device pixels, and only the strips that came into view are painted, each
 * clipped to its strip. Panning a zoomed-out 10,000-stroke board then repaints the few hundred
 * strokes crossing those strips instead of all of them.
 *
 * Not bit-identical to painting afresh: where a stroke crosses the canvas's edge, Chromium's
 * rasterizer anti-aliases it a little differently depending on where the edge cuts it (up to
 * ~25/255 of alpha on a few pixels, measured), so moved pixels can differ that much too.
 */
export function scrollStrokes(
  ctx: CanvasRenderingContext2D,
  scene: StrokesScene,
  view: View,
  scroll: Scroll,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  // 'copy' replaces what is under the moved picture, transparent parts included.
  ctx.globalCompositeOperation = 'copy';
  ctx.drawImage(ctx.canvas, scroll.dx, scroll.dy);
  ctx.globalCompositeOperation = 'source-over';
  for (const strip of scroll.exposed) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(strip.x, strip.y, strip.width, strip.height);
    ctx.beginPath();
    ctx.rect(strip.x, strip.y, strip.width, strip.height);
    ctx.clip();
    setWorldTransform(ctx, view);
    fillStrokesIn(ctx, scene, worldArea(strip, view));
    ctx.restore();
  }
  setWorldTransform(ctx, view);
}

function fillStrokesIn(ctx: CanvasRenderingContext2D, scene: StrokesScene, area: Bounds): void {
  for (const stroke of scene.strokes) {
    if (!stroke.done || stroke.bounds === null || !boundsIntersect(stroke.bounds, area)) continue;
    fillStroke(ctx, stroke, scene.color);
  }
}

/** Fills one cached stroke, building its outline path on first use. */
export function fillStroke(
  ctx: CanvasRenderingContext2D,
  stroke: CachedStroke,
  color: ColorMapper,
): void {
  ctx.fillStyle = color(stroke.color);
  ctx.fill(pathOf(stroke));
}

/** The stroke's outline in world coordinates, built on first use and kept in the cache. */
export function pathOf(stroke: CachedStroke): Path2D {
  stroke.path ??= outlinePath(stroke);
  return stroke.path;
}

/**
 * Builds the outlines of finished strokes not drawn yet, while `hasTime()` says so. Returns
 * true once none is left. Run in idle time after a board loads, so that zooming out to see all
 * of it does not stall one frame on building thousands of outlines at once.
 */
export function prepareOutlines(strokes: readonly CachedStroke[], hasTime: () => boolean): boolean {
  for (const stroke of strokes) {
    if (stroke.path !== null || !stroke.done) continue;
    if (!hasTime()) return false;
    pathOf(stroke);
  }
  return true;
}

function outlinePath(stroke: CachedStroke): Path2D {
  const path = new Path2D();
  traceOutline(path, inkOutline(inkPoints(stroke.points), stroke.width, stroke.done));
  return path;
}
