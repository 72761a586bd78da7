/**
 * Draws remote cursors: a pointer arrow in the user's colour and their name on a pill beside it.
 * A plain function of (context, cursors, viewport), like the other renderers, for the topmost
 * canvas layer, which is redrawn on its own as cursors move.
 */
import type { Size, Viewport } from '../model/viewport.ts';
import { worldToScreen } from '../model/viewport.ts';
import { labelColorOn } from './contrast.ts';
import type { RemoteCursor } from './remote-cursors.svelte.ts';

/** Idle people stay visible, faded, so it is clear they are there but not looking. */
export const IDLE_OPACITY = 0.45;

const LABEL_FONT = '600 12px system-ui, sans-serif';
const LABEL_HEIGHT = 20;
const LABEL_PADDING_X = 7;
/** Below and right of the tip, clear of the arrow's body. */
const LABEL_OFFSET = { x: 12, y: 18 } as const;
/**
 * How far past each edge a tip may be with part of its arrow or label still on screen: the
 * label hangs right and down from the tip, up to ~290 px wide for 32 wide characters.
 */
const CULL_MARGIN = { left: 300, top: 40, right: 0, bottom: 0 } as const;

// A classic pointer, tip at (0, 0), in CSS pixels.
const ARROW: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 17],
  [4.5, 13],
  [7.5, 20],
  [10.2, 18.9],
  [7.3, 12.4],
  [13, 12.4],
];

/**
 * Draws `cursors` (world coordinates) onto `ctx`, which must be transformed so one unit is one
 * CSS pixel (scaled by devicePixelRatio) and is not cleared here. With `size` (CSS pixels),
 * cursors wholly off screen are skipped.
 */
export function drawCursors(
  ctx: CanvasRenderingContext2D,
  cursors: readonly RemoteCursor[],
  viewport: Viewport,
  size?: Size,
): void {
  for (const cursor of cursors) {
    const at = worldToScreen(viewport, cursor);
    if (size && !nearScreen(at, size)) continue;
    ctx.save();
    ctx.globalAlpha = cursor.idle ? IDLE_OPACITY : 1;
    ctx.translate(Math.round(at.x), Math.round(at.y));
    drawArrow(ctx, cursor.color);
    drawLabel(ctx, cursor.idle ? `${cursor.name} (idle)` : cursor.name, cursor.color);
    ctx.restore();
  }
}

function drawArrow(ctx: CanvasRenderingContext2D, color: string): void {
  ctx.beginPath();
  for (const [x, y] of ARROW) ctx.lineTo(x, y);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
  // A white rim keeps the arrow visible over strokes of its own colour, on either theme.
  ctx.lineJoin = 'round';
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
}

function drawLabel(ctx: CanvasRenderingContext2D, text: string, color: string): void {
  ctx.font = LABEL_FONT;
  const width = Math.ceil(ctx.measureText(text).width) + 2 * LABEL_PADDING_X;
  ctx.beginPath();
  ctx.roundRect(LABEL_OFFSET.x, LABEL_OFFSET.y, width, LABEL_HEIGHT, LABEL_HEIGHT / 2);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.fillStyle = labelColorOn(color);
  ctx.textBaseline = 'middle';
  ctx.fillText(text, LABEL_OFFSET.x + LABEL_PADDING_X, LABEL_OFFSET.y + LABEL_HEIGHT / 2 + 0.5);
}

function nearScreen(at: { x: number; y: number }, size: Size): boolean {
  return (
    at.x >= -CULL_MARGIN.left &&
    at.y >= -CULL_MARGIN.top &&
    at.x <= size.width + CULL_MARGIN.right &&
    at.y <= size.height + CULL_MARGIN.bottom
  );
}
