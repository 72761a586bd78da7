import type { Size, Viewport } from '../model/viewport.ts';

/** What a renderer needs to know about the canvas it draws into. */
export interface View {
  readonly viewport: Viewport;
  /** The canvas's size in CSS pixels. */
  readonly size: Size;
  /** Device pixels per CSS pixel: the canvas's backing store is this much larger. */
  readonly pixelRatio: number;
}

/**
 * Clears the whole canvas, then maps world coordinates onto it:
 * device = (world - viewport origin) × zoom × pixelRatio.
 */
export function beginFrame(ctx: CanvasRenderingContext2D, view: View): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  setWorldTransform(ctx, view);
}

/** Maps world coordinates onto the canvas's device pixels. */
export function setWorldTransform(ctx: CanvasRenderingContext2D, view: View): void {
  const { viewport, pixelRatio } = view;
  const scale = viewport.zoom * pixelRatio;
  ctx.setTransform(scale, 0, 0, scale, -viewport.x * scale, -viewport.y * scale);
}
