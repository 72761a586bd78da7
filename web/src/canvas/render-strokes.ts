import { boundsIntersect, type Bounds } from '../model/geometry.ts';
import { visibleBounds } from '../model/viewport.ts';
import { detailAt, hairlineStep, hairlineWidth, traceHairline } from './level-of-detail.ts';
import { drawShape, shapeCost } from './render-shapes.ts';
import type { CachedStroke } from './stroke-cache.ts';
import { inkOutline, inkPoints, traceOutline } from './stroke-outline.ts';
import type { PixelRect } from './scroll.ts';
import { beginFrame, setWorldTransform, type View } from './view.ts';

/** Maps a stored colour to the one shown, e.g. dark ink to light ink on a dark board. */
export type ColorMapper = (color: string) => string;

export interface StrokesScene {
  /** In drawing order; unfinished strokes among them are skipped (the live layer has them). */
  readonly strokes: readonly CachedStroke[];
  readonly color: ColorMapper;
}

/**
 * What drawing a stroke costs, about in microseconds, as measured for 5,000 strokes of 60 pen
 * samples in headless Chromium with software rendering on a 2-core machine: a speck (one
 * rectangle) 1, a hairline of 15 segments 4, a filled outline of 120 curves 25. Building a
 * path the first time costs extra; an outline (perfect-freehand) more than filling it.
 * Budgets for repainting in one frame are counted in these units.
 */
export const DRAW_COST = {
  speck: 1,
  hairline: 4,
  outline: 25,
  buildHairline: 3,
  buildOutline: 60,
} as const;

/** The finished strokes that touch the view, bottom to top. */
export function renderStrokes(ctx: CanvasRenderingContext2D, scene: StrokesScene, view: View) {
  beginFrame(ctx, view);
  paintStrokes(ctx, scene, view, visibleBounds(view.viewport, view.size));
}

/**
 * Moves what the canvas shows by whole device pixels; what it uncovers is left transparent.
 * After a pan, this and painting the strips that came into view (each clipped to its strip)
 * give the same picture as painting afresh, only much faster.
 *
 * Not bit-identical to painting afresh: where a stroke crosses the canvas's edge, Chromium's
 * rasterizer anti-aliases it a little differently depending on where the edge cuts it (up to
 * ~25/255 of alpha on a few pixels, measured), so moved pixels can differ that much too.
 */
export function movePicture(ctx: CanvasRenderingContext2D, dx: number, dy: number): void {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  // 'copy' replaces what is under the moved picture, transparent parts included.
  ctx.globalCompositeOperation = 'copy';
  ctx.drawImage(ctx.canvas, dx, dy);
  ctx.restore();
}

/**
 * Clears `rect` (device pixels) and paints the strokes that belong in it, clipped to it.
 * `strokes` are the finished strokes touching the rectangle, bottom to top.
 */
export function repaintRect(
  ctx: CanvasRenderingContext2D,
  scene: StrokesScene,
  view: View,
  rect: PixelRect,
  strokes: readonly CachedStroke[],
): number {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(rect.x, rect.y, rect.width, rect.height);
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
  setWorldTransform(ctx, view);
  const cost = paintStrokes(ctx, { strokes, color: scene.color }, view);
  ctx.restore();
  return cost;
}

/** The finished strokes of `strokes` that touch `area` (world units), in the same order. */
export function strokesIn(strokes: readonly CachedStroke[], area: Bounds): CachedStroke[] {
  const inside: CachedStroke[] = [];
  for (const stroke of strokes) {
    if (stroke.done && stroke.bounds !== null && boundsIntersect(stroke.bounds, area)) {
      inside.push(stroke);
    }
  }
  return inside;
}

/**
 * Paints the finished strokes (of those touching `area`, if given) over what is there, each
 * with the detail the view's scale can show. Returns the work done, in DRAW_COST units.
 */
export function paintStrokes(
  ctx: CanvasRenderingContext2D,
  scene: StrokesScene,
  view: View,
  area?: Bounds,
): number {
  const scale = view.viewport.zoom * view.pixelRatio;
  const step = hairlineStep(scale);
  let cost = 0;
  for (const stroke of area ? strokesIn(scene.strokes, area) : scene.strokes) {
    if (!stroke.done) continue;
    cost += drawStroke(ctx, stroke, scene.color, scale, step);
  }
  return cost;
}

/** What drawStroke would cost for each of `strokes`, in DRAW_COST units. */
export function costOf(strokes: readonly CachedStroke[], scale: number): number {
  let cost = 0;
  const step = hairlineStep(scale);
  for (const stroke of strokes) {
    if (stroke.shape) {
      cost += shapeCost(stroke.shape);
      continue;
    }
    const detail = detailAt(stroke, scale);
    cost += DRAW_COST[detail];
    if (detail === 'outline' && stroke.path === null && !stroke.shifted?.path) {
      cost += DRAW_COST.buildOutline;
    }
    if (detail === 'hairline' && stroke.hairline?.step !== step) cost += DRAW_COST.buildHairline;
  }
  return cost;
}

/**
 * Draws one finished stroke as `scale` device pixels per world unit can show it. Returns the
 * cost, in DRAW_COST units. `step` is hairlineStep(scale), for callers drawing many strokes.
 */
export function drawStroke(
  ctx: CanvasRenderingContext2D,
  stroke: CachedStroke,
  color: ColorMapper,
  scale: number,
  step = hairlineStep(scale),
): number {
  if (stroke.shape) return drawShape(ctx, stroke.shape, color, scale);
  const detail = detailAt(stroke, scale);
  switch (detail) {
    case 'speck': {
      const box = stroke.bounds;
      if (!box) return 0;
      ctx.fillStyle = color(stroke.color);
      ctx.fillRect(box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY);
      break;
    }
    case 'hairline': {
      const built = stroke.hairline?.step === step;
      const hairline = hairlineOf(stroke, step);
      ctx.strokeStyle = color(stroke.color);
      ctx.lineWidth = hairline.width;
      ctx.lineCap = 'round';
      // Shapes set round joins too and leave them set (render-shapes.ts): every element sets
      // what it uses, so a picture does not depend on what was drawn before.
      ctx.lineJoin = 'round';
      ctx.stroke(hairline.path);
      return DRAW_COST.hairline + (built ? 0 : DRAW_COST.buildHairline);
    }
    case 'outline': {
      const built = stroke.path !== null;
      fillStroke(ctx, stroke, color);
      return DRAW_COST.outline + (built ? 0 : DRAW_COST.buildOutline);
    }
  }
  return DRAW_COST[detail];
}

/** Fills one cached stroke's full outline, building its path on first use. */
export function fillStroke(
  ctx: CanvasRenderingContext2D,
  stroke: CachedStroke,
  color: ColorMapper,
): void {
  ctx.fillStyle = color(stroke.color);
  ctx.fill(pathOf(stroke));
}

/**
 * The stroke's outline in world coordinates, built on first use and kept in the cache: shifted
 * from the entry it was dragged from when it has one (stroke-cache.ts, `shifted`).
 */
export function pathOf(stroke: CachedStroke): Path2D {
  const shifted = stroke.shifted;
  stroke.path ??= shifted?.path ? shiftedPath(shifted.path, shifted) : outlinePath(stroke);
  return stroke.path;
}

/** The stroke as a polyline thinned to `step`, built on first use at that step and kept. */
function hairlineOf(stroke: CachedStroke, step: number): NonNullable<CachedStroke['hairline']> {
  if (stroke.hairline?.step !== step) {
    const shifted = stroke.shifted;
    if (shifted?.hairline?.step === step) {
      stroke.hairline = { ...shifted.hairline, path: shiftedPath(shifted.hairline.path, shifted) };
    } else {
      const path = new Path2D();
      traceHairline(path, stroke.points, step);
      stroke.hairline = { step, path, width: hairlineWidth(stroke.points, stroke.width) };
    }
  }
  return stroke.hairline;
}

/** A copy of `path` moved by (dx, dy): a copy of native path data, no curves built again. */
function shiftedPath(path: Path2D, { dx, dy }: { dx: number; dy: number }): Path2D {
  const moved = new Path2D();
  moved.addPath(path, { a: 1, b: 0, c: 0, d: 1, e: dx, f: dy });
  return moved;
}

function outlinePath(stroke: CachedStroke): Path2D {
  const path = new Path2D();
  traceOutline(path, inkOutline(inkPoints(stroke.points), stroke.width, stroke.done));
  return path;
}
