/**
 * The finished strokes' canvas, kept up to date for the camera and the document with as little
 * painting per frame as the change allows:
 *
 * - a pan by whole device pixels moves the picture and paints the strips that came into view;
 * - a zoom shows the last picture scaled (a stand-in: blurred or with empty margins, but right
 *   where everything is) and repaints sharp only once the camera has been still for SETTLE_MS;
 * - a new stroke on top of what it overlaps is drawn over the picture; a removed or changed
 *   stroke has only its box repainted;
 * - a repaint of everything (first paint, another theme, a board loading) goes tile by tile,
 *   middle first, with FRAME_BUDGET of work per frame, so no frame stalls on 10,000 strokes.
 *
 * Measured on a 10,000-stroke board zoomed to fit in headless Chromium (software rendering,
 * `npm run bench:client`): Ctrl+wheel zooming took 95–135 ms a frame at the median (every step
 * repainted every stroke), 150–200 ms at p95; with the stand-in and hairlines (level-of-detail.ts),
 * 6 ms and 9–11 ms, sharp again about 0.5 s after the last wheel event.
 */
import { unionBounds, type Bounds } from '../model/geometry.ts';
import { visibleBounds } from '../model/viewport.ts';
import { planDamage } from './damage.ts';
import { deviceRectOf, pictureTransform, shiftRects, tilesOf } from './pixel-rects.ts';
import {
  costOf,
  drawStroke,
  movePicture,
  paintStrokes,
  repaintRect,
  type ColorMapper,
  type StrokesScene,
} from './render-strokes.ts';
import { scrollBetween, worldArea, type PixelRect, type PixelSize } from './scroll.ts';
import type { CachedStroke, StrokeChange } from './stroke-cache.ts';
import { beginFrame, setWorldTransform, type View } from './view.ts';

/** After a zoom, how long the camera must be still before the picture is repainted sharp. */
export const SETTLE_MS = 120;
/**
 * Work one frame may spend repainting tiles, in DRAW_COST units (render-strokes.ts, about
 * microseconds with software rendering): room for the rest of the frame within 16.7 ms.
 */
export const FRAME_BUDGET = 6000;
/** Side of a repaint tile in device pixels; a dense tile is cut down to MIN_TILE_PIXELS. */
export const TILE_PIXELS = 128;
const MIN_TILE_PIXELS = 16;
/**
 * More finished strokes changed at once than this (a board loading, a selection of 1,000 moved)
 * are not painted one by one: the tiles of the area they span are repainted, over as many
 * frames as that takes, or the whole picture when they span all of it. (Repainting the whole
 * board on every write of a drag kept every frame of the drag at its full repaint budget.)
 */
export const MAX_DAMAGE = 256;

/** Where the layer reads strokes from: the stroke cache. */
export interface StrokeSource {
  /** Every stroke in drawing order, finished or not. */
  ordered(): readonly CachedStroke[];
  get(id: string): CachedStroke | undefined;
  /** The finished strokes whose boxes touch `area` (world units), in drawing order. */
  finishedIn(area: Bounds): CachedStroke[];
  /** The same, or null when there are more than `limit`. */
  finishedInAtMost(area: Bounds, limit: number): CachedStroke[] | null;
}

/** What the canvas shows: a picture for `view`, sharp except in the `pending` rectangles. */
interface Picture {
  view: View;
  pending: PixelRect[];
  /**
   * All of it is pending, untouched: if it fits in a frame it is painted in one piece, like
   * any small board. Tiles clip strokes, and Chromium anti-aliases a clipped stroke a little
   * differently along the cut (up to ~25/255 of alpha, measured).
   */
  whole: boolean;
}

const unpainted = (view: View, canvas: PixelSize): Picture => ({
  view,
  pending: tilesOf(canvas, TILE_PIXELS),
  whole: true,
});

/** A copy of an earlier picture, shown scaled while a zoom is in progress. */
interface StandIn {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  view: View;
}

export class StrokesLayer {
  readonly #strokes: StrokeSource;
  readonly #createCanvas: () => HTMLCanvasElement;
  #picture: Picture | null = null;
  #standIn: StandIn | null = null;
  /** No sharp repainting before this time (performance.now()): a zoom may still be going on. */
  #settleAt = 0;
  #appeared: CachedStroke[] = [];
  #vacated: Bounds[] = [];
  #repaintAll = false;
  /** Where more than MAX_DAMAGE strokes changed (world units): its tiles are to be repainted. */
  #overflow: Bounds | null = null;

  constructor(strokes: StrokeSource, createCanvas = () => document.createElement('canvas')) {
    this.#strokes = strokes;
    this.#createCanvas = createCanvas;
  }

  /** Finished strokes changed: remember where, to paint just that on the next frame. */
  noteChange(change: StrokeChange): void {
    if (this.#repaintAll || this.#picture === null) return;
    const damage = this.#appeared.length + this.#vacated.length;
    if (this.#overflow || damage + change.appeared.length + change.vacated.length > MAX_DAMAGE) {
      const boxes = [...this.#appeared, ...change.appeared].map((stroke) => stroke.bounds);
      this.#overflow = unionBounds([this.#overflow, ...boxes, ...this.#vacated, ...change.vacated]);
      this.#appeared = [];
      this.#vacated = [];
      return;
    }
    this.#appeared.push(...change.appeared);
    this.#vacated.push(...change.vacated);
  }

  /** Every stroke looks different (another theme): repaint all, the old picture shown meanwhile. */
  repaintAll(): void {
    this.#repaintAll = true;
    this.#appeared = [];
    this.#vacated = [];
    this.#overflow = null;
  }

  /** The canvas was resized, which cleared it. */
  cleared(): void {
    this.#picture = null;
    this.#standIn = null;
  }

  /**
   * Brings the picture closer to `view` and the document. Returns null once it is complete, or
   * how many milliseconds from now it wants to be drawn again (0: next frame).
   */
  draw(ctx: CanvasRenderingContext2D, view: View, color: ColorMapper, now: number): number | null {
    const scene: StrokesScene = { strokes: this.#strokes.ordered(), color };
    const canvas = ctx.canvas;
    let budget = FRAME_BUDGET;
    let picture = this.#picture;
    if (picture === null || !sameCanvas(picture.view, view)) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      picture = unpainted(view, canvas);
      this.#standIn = null;
      this.#settleAt = 0;
      this.#repaintAll = false;
      this.#appeared = [];
      this.#vacated = [];
      this.#overflow = null;
    } else if (!sameCamera(picture.view, view)) {
      const scroll = scrollBetween(picture.view, view, canvas);
      if (scroll) {
        movePicture(ctx, scroll.dx, scroll.dy);
        for (const strip of scroll.exposed) budget -= this.#repaint(ctx, scene, view, strip);
        picture.pending = shiftRects(picture.pending, scroll.dx, scroll.dy, canvas);
        picture.view = view;
        picture.whole = false;
      } else {
        this.#showStandIn(ctx, picture, view);
        picture = unpainted(view, canvas);
        this.#settleAt = now + SETTLE_MS;
      }
    }
    this.#picture = picture;

    if (this.#repaintAll) {
      this.#repaintAll = false;
      picture = unpainted(view, canvas);
      this.#picture = picture;
      this.#standIn = null;
    } else {
      this.#paintDamage(ctx, scene, view);
      this.#repaintOverflow(canvas, view);
      picture = this.#picture;
    }
    this.#overflow = null;

    if (picture.pending.length > 0 && now >= this.#settleAt) {
      this.#sharpen(ctx, scene, picture, budget);
    }
    return picture.pending.length === 0 ? null : Math.max(0, this.#settleAt - now);
  }

  /**
   * Repaints pending rectangles, first to last, while `budget` lasts; what is left stays pending.
   * A rectangle that would cost more than a whole frame's budget is cut in four, so a dense part
   * of the board is spread over frames too; one that does not fit what is left of this frame's
   * budget waits for the next frame, unless nothing was painted yet.
   */
  #sharpen(
    ctx: CanvasRenderingContext2D,
    scene: StrokesScene,
    picture: Picture,
    budget: number,
  ): void {
    const { view, pending } = picture;
    const scale = view.viewport.zoom * view.pixelRatio;
    if (picture.whole) {
      picture.whole = false;
      // Every stroke costs at least one unit: more strokes than that cannot fit, and sorting
      // 50,000 of them to find out took 50–80 ms.
      const visible = this.#strokes.finishedInAtMost(
        visibleBounds(view.viewport, view.size),
        budget,
      );
      if (visible && costOf(visible, scale) <= budget) {
        beginFrame(ctx, view);
        paintStrokes(ctx, { strokes: visible, color: scene.color }, view);
        pending.length = 0;
        return;
      }
    }
    let left = budget;
    while (pending.length > 0 && left > 0) {
      const rect = pending[0]!;
      const strokes = this.#strokes.finishedIn(worldArea(rect, view));
      const cost = costOf(strokes, scale);
      if (cost > FRAME_BUDGET && Math.min(rect.width, rect.height) >= 2 * MIN_TILE_PIXELS) {
        pending.splice(0, 1, ...quarters(rect));
        continue;
      }
      if (cost > left && left < budget) return;
      pending.shift();
      repaintRect(ctx, scene, view, rect, strokes);
      left -= cost;
    }
  }

  /**
   * Marks the tiles of the area where too many strokes changed as pending: sharpened over the
   * frames to come, like a first paint, but only there. All of them: a repaint of everything.
   */
  #repaintOverflow(canvas: PixelSize, view: View): void {
    const picture = this.#picture;
    const area = this.#overflow && deviceRectOf(this.#overflow, view, canvas);
    if (!picture || !area) return;
    // The stand-in shows the strokes where they were: a zoom starting now takes a fresh one.
    this.#standIn = null;
    if (picture.whole) return;
    const all = tilesOf(canvas, TILE_PIXELS);
    const tiles = all.filter((tile) => rectsMeet(tile, area));
    if (tiles.length === all.length) {
      this.#picture = unpainted(view, canvas);
    } else {
      picture.pending.push(...tiles);
    }
  }

  /** Clears `rect` and paints the finished strokes in it; returns the cost. */
  #repaint(ctx: CanvasRenderingContext2D, scene: StrokesScene, view: View, rect: PixelRect) {
    return repaintRect(ctx, scene, view, rect, this.#strokes.finishedIn(worldArea(rect, view)));
  }

  /**
   * Draws the last picture where it belongs in `view`, and keeps it for the frames to come.
   * Taken afresh only from a complete picture: mid-zoom the first one stays, being sharper
   * than a scaled copy of itself.
   */
  #showStandIn(ctx: CanvasRenderingContext2D, picture: Picture, view: View): void {
    const canvas = ctx.canvas;
    if (this.#standIn === null || picture.pending.length === 0) {
      const standIn = this.#standIn ?? this.#newStandIn(picture.view);
      if (standIn) {
        if (standIn.canvas.width !== canvas.width || standIn.canvas.height !== canvas.height) {
          standIn.canvas.width = canvas.width;
          standIn.canvas.height = canvas.height;
        }
        standIn.ctx.setTransform(1, 0, 0, 1, 0, 0);
        standIn.ctx.globalCompositeOperation = 'copy';
        standIn.ctx.drawImage(canvas, 0, 0);
        standIn.ctx.globalCompositeOperation = 'source-over';
        standIn.view = picture.view;
      }
      this.#standIn = standIn;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!this.#standIn) return;
    const [scale, dx, dy] = pictureTransform(this.#standIn.view, view);
    ctx.setTransform(scale, 0, 0, scale, dx, dy);
    ctx.drawImage(this.#standIn.canvas, 0, 0);
  }

  #newStandIn(view: View): StandIn | null {
    const canvas = this.#createCanvas();
    const ctx = canvas.getContext('2d');
    return ctx && { canvas, ctx, view };
  }

  /** Paints what changed in the document since the last frame, on the picture and the stand-in. */
  #paintDamage(ctx: CanvasRenderingContext2D, scene: StrokesScene, view: View): void {
    if (this.#appeared.length === 0 && this.#vacated.length === 0) return;
    const { overlays, regions } = planDamage(
      this.#appeared.filter((stroke) => this.#strokes.get(stroke.id) === stroke),
      this.#vacated,
      scene.strokes,
    );
    this.#appeared = [];
    this.#vacated = [];
    const targets: { ctx: CanvasRenderingContext2D; view: View }[] = [{ ctx, view }];
    if (this.#standIn) targets.push(this.#standIn);
    for (const target of targets) {
      const canvas = target.ctx.canvas;
      for (const region of regions) {
        const rect = deviceRectOf(region, target.view, canvas);
        if (rect) this.#repaint(target.ctx, scene, target.view, rect);
      }
      setWorldTransform(target.ctx, target.view);
      const scale = target.view.viewport.zoom * target.view.pixelRatio;
      for (const stroke of overlays) drawStroke(target.ctx, stroke, scene.color, scale);
    }
  }
}

function quarters(rect: PixelRect): PixelRect[] {
  const halfWidth = Math.floor(rect.width / 2);
  const halfHeight = Math.floor(rect.height / 2);
  const { x, y, width, height } = rect;
  return [
    { x, y, width: halfWidth, height: halfHeight },
    { x: x + halfWidth, y, width: width - halfWidth, height: halfHeight },
    { x, y: y + halfHeight, width: halfWidth, height: height - halfHeight },
    { x: x + halfWidth, y: y + halfHeight, width: width - halfWidth, height: height - halfHeight },
  ];
}

const sameCanvas = (a: View, b: View): boolean =>
  a.pixelRatio === b.pixelRatio && a.size.width === b.size.width && a.size.height === b.size.height;

const sameCamera = (a: View, b: View): boolean =>
  a.viewport.x === b.viewport.x &&
  a.viewport.y === b.viewport.y &&
  a.viewport.zoom === b.viewport.zoom;

const rectsMeet = (a: PixelRect, b: PixelRect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
