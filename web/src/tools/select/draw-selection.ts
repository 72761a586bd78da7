/**
 * Draws selections on the overlay (live) layer: ours as a frame with handles, the box being
 * dragged out, and every peer's as a dashed frame in their colour with their name, so two
 * people see when they reach for the same thing. A plain function of (context, scene, view),
 * like the other renderers; the context is in CSS pixels (scaled by the pixel ratio).
 */
import type { Bounds, Vec } from '../../model/geometry.ts';
import { worldToScreen, type Viewport } from '../../model/viewport.ts';
import { labelColorOn } from '../../presence/contrast.ts';
import type { RemoteSelection } from '../../presence/remote-cursors.svelte.ts';
import {
  frameCorners,
  handlePositions,
  toWorld,
  type OrientedFrame,
  type PointerKind,
} from './oriented-frame.ts';

export interface SelectionScene {
  /** Our selection's frame (world, turned with one rotated element alone), or null. */
  readonly frame: OrientedFrame | null;
  /** The selection box being dragged (world), or null. */
  readonly box: Bounds | null;
  readonly remote: readonly RemoteSelection[];
  /** Handles are drawn for the last pointer used: larger for a finger. */
  readonly pointer: PointerKind;
  readonly accent: string;
}

/** Handle squares' side in CSS pixels: the reach (oriented-frame.ts) is larger than what shows. */
const HANDLE_SIZE = { mouse: 9, touch: 16 } as const;
const LABEL_FONT = '600 11px system-ui, sans-serif';
/** Frames sit this far outside what they surround, in CSS pixels, clear of the ink. */
const FRAME_PADDING = 4;

export function drawSelections(
  ctx: CanvasRenderingContext2D,
  scene: SelectionScene,
  viewport: Viewport,
): void {
  for (const remote of scene.remote) drawRemote(ctx, remote, viewport);
  if (scene.box) {
    const { x, y, w, h } = screenRect(scene.box, viewport, 0);
    ctx.save();
    ctx.fillStyle = withAlpha(scene.accent, 0.08);
    ctx.fillRect(x, y, w, h);
    ctx.strokeStyle = scene.accent;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, w, h);
    ctx.restore();
  }
  if (scene.frame) drawOwn(ctx, scene.frame, viewport, scene.pointer, scene.accent);
}

function drawOwn(
  ctx: CanvasRenderingContext2D,
  frame: OrientedFrame,
  viewport: Viewport,
  pointer: PointerKind,
  accent: string,
): void {
  const padding = FRAME_PADDING / viewport.zoom;
  const outline = frameCorners(frame, padding).map((corner) => worldToScreen(viewport, corner));
  ctx.save();
  ctx.strokeStyle = accent;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const { x, y } of outline) ctx.lineTo(x, y);
  ctx.closePath();
  ctx.stroke();
  const size = HANDLE_SIZE[pointer];
  const handles = handlePositions(frame, viewport.zoom, pointer);
  const rotate = handles.find(({ handle }) => handle.kind === 'rotate');
  if (rotate) {
    const { minX, minY, maxX } = frame.box;
    const stemFoot = toWorld(frame, { x: (minX + maxX) / 2, y: minY - padding });
    const at = worldToScreen(viewport, rotate.at);
    const foot = worldToScreen(viewport, stemFoot);
    ctx.beginPath();
    ctx.moveTo(at.x, at.y);
    ctx.lineTo(foot.x, foot.y);
    ctx.stroke();
  }
  ctx.fillStyle = '#ffffff';
  for (const { handle, at: world } of handles) {
    const at = worldToScreen(viewport, world);
    ctx.beginPath();
    if (handle.kind === 'rotate') ctx.arc(at.x, at.y, size / 2, 0, 2 * Math.PI);
    else squareAt(ctx, at, size, frame.angle);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** A handle's square, turned with the frame, as a path. */
function squareAt(ctx: CanvasRenderingContext2D, at: Vec, size: number, angle: number): void {
  const cos = Math.cos(angle) * (size / 2);
  const sin = Math.sin(angle) * (size / 2);
  for (const [dx, dy] of [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ] as const) {
    ctx.lineTo(at.x + dx * cos - dy * sin, at.y + dx * sin + dy * cos);
  }
  ctx.closePath();
}

function drawRemote(
  ctx: CanvasRenderingContext2D,
  remote: RemoteSelection,
  viewport: Viewport,
): void {
  const { x, y, w, h } = screenRect(remote.frame, viewport, FRAME_PADDING + 2);
  ctx.save();
  ctx.strokeStyle = remote.color;
  ctx.lineWidth = 2;
  ctx.setLineDash([6, 4]);
  ctx.strokeRect(x, y, w, h);
  ctx.setLineDash([]);
  ctx.font = LABEL_FONT;
  const width = Math.ceil(ctx.measureText(remote.name).width) + 10;
  ctx.fillStyle = remote.color;
  ctx.fillRect(x, y - 16, width, 16);
  ctx.fillStyle = labelColorOn(remote.color);
  ctx.textBaseline = 'middle';
  ctx.fillText(remote.name, x + 5, y - 7.5);
  ctx.restore();
}

function screenRect(bounds: Bounds, viewport: Viewport, padding: number) {
  const a = worldToScreen(viewport, { x: bounds.minX, y: bounds.minY });
  const b = worldToScreen(viewport, { x: bounds.maxX, y: bounds.maxY });
  return {
    x: a.x - padding,
    y: a.y - padding,
    w: b.x - a.x + 2 * padding,
    h: b.y - a.y + 2 * padding,
  };
}

/** `#rrggbb` at `alpha`; other colours as they are. */
function withAlpha(color: string, alpha: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return color;
  const n = Number.parseInt(color.slice(1), 16);
  return `rgb(${n >> 16} ${(n >> 8) & 255} ${n & 255} / ${alpha})`;
}
