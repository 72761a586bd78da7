import type { Vec } from '../model/geometry.ts';
import { drawShape } from './render-shapes.ts';
import { fillStroke, type ColorMapper } from './render-strokes.ts';
import type { CachedStroke } from './stroke-cache.ts';
import { inkOutline, traceOutline, type InkPoint } from './stroke-outline.ts';
import { beginFrame, type View } from './view.ts';

/** The stroke this user is drawing, straight from the pointer, ahead of the document. */
export interface LocalInk {
  readonly points: readonly InkPoint[];
  readonly color: string;
  readonly width: number;
}

export interface EraserRing {
  /** World coordinates. */
  readonly center: Vec;
  /** World units. */
  readonly radius: number;
  readonly color: string;
}

export interface LiveScene {
  /** Other people's strokes and shapes in progress, in drawing order. */
  readonly strokes: readonly CachedStroke[];
  readonly local: LocalInk | null;
  readonly eraser: EraserRing | null;
  readonly color: ColorMapper;
}

/**
 * The top layer: whatever changes while someone's pointer moves. It is cleared and redrawn
 * whole each frame it is dirty, which is cheap because it holds only a handful of strokes.
 */
export function renderLive(ctx: CanvasRenderingContext2D, scene: LiveScene, view: View): void {
  beginFrame(ctx, view);
  const scale = view.viewport.zoom * view.pixelRatio;
  for (const stroke of scene.strokes) {
    if (stroke.shape) drawShape(ctx, stroke.shape, scene.color, scale);
    else fillStroke(ctx, stroke, scene.color);
  }
  if (scene.local) fillLocal(ctx, scene.local, scene.color);
  if (scene.eraser) strokeRing(ctx, scene.eraser, view);
}

function fillLocal(ctx: CanvasRenderingContext2D, ink: LocalInk, color: ColorMapper): void {
  const path = new Path2D();
  traceOutline(path, inkOutline(ink.points, ink.width, false));
  ctx.fillStyle = color(ink.color);
  ctx.fill(path);
}

function strokeRing(ctx: CanvasRenderingContext2D, ring: EraserRing, view: View): void {
  ctx.beginPath();
  ctx.arc(ring.center.x, ring.center.y, ring.radius, 0, 2 * Math.PI);
  ctx.lineWidth = 1.5 / view.viewport.zoom;
  ctx.strokeStyle = ring.color;
  ctx.stroke();
}
