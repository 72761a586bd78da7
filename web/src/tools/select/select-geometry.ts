/**
 * The select tool's geometry, pure: what a click picks, what a box catches, where the frame
 * and its handles are, and the one world transform a drag of the frame or a handle makes.
 */
import { elementCorners, hitTestElement, type ElementView } from '../../model/elements.ts';
import type { Bounds, Vec } from '../../model/geometry.ts';
import { compareStacking } from '../../model/strokes.ts';
import {
  boundsOfPoints,
  cornerOf,
  resizeAbout,
  rotateAbout,
  snapAngle,
  translation,
  type Affine,
  type Corner,
} from '../../model/transform.ts';
import type { ElementSource } from './element-index.ts';

/** How far from its ink a click still picks an element, in screen pixels. */
export const PICK_TOLERANCE_PX = 6;
/**
 * A handle's reach from its centre, in screen pixels: 8 for a mouse; 22 for a finger, half of
 * the 44 px target Apple and Google ask for touch.
 */
export const HANDLE_REACH_PX = { mouse: 8, touch: 22 } as const;
/** How far above the frame's top edge the rotate handle sits, in screen pixels. */
export const ROTATE_HANDLE_OFFSET_PX = { mouse: 24, touch: 40 } as const;

export type PointerKind = keyof typeof HANDLE_REACH_PX;
export type Handle =
  { readonly kind: 'corner'; readonly corner: Corner } | { readonly kind: 'rotate' };

export const CORNERS: readonly Corner[] = ['nw', 'ne', 'se', 'sw'];

/** The topmost element a circle of `tolerance` world units at `point` touches. */
export function pickTopmost(
  source: ElementSource,
  point: Vec,
  tolerance: number,
): ElementView | null {
  const area = {
    minX: point.x - tolerance,
    minY: point.y - tolerance,
    maxX: point.x + tolerance,
    maxY: point.y + tolerance,
  };
  let top: ElementView | null = null;
  for (const placed of source.near(area)) {
    if (!placed.done || (top !== null && compareStacking(placed, top) < 0)) continue;
    const view = source.get(placed.id);
    if (view && hitTestElement(view, point, tolerance)) top = view;
  }
  return top;
}

/** The ids of the finished elements lying wholly inside `box` (as in Excalidraw and tldraw). */
export function elementsInBox(source: ElementSource, box: Bounds): string[] {
  const ids: string[] = [];
  for (const view of source.near(box)) {
    const b = view.bounds;
    if (
      view.done &&
      b !== null &&
      b.minX >= box.minX &&
      b.maxX <= box.maxX &&
      b.minY >= box.minY &&
      b.maxY <= box.maxY
    ) {
      ids.push(view.id);
    }
  }
  return ids;
}

/** The box two corners span, whichever way the drag went. */
export function boxBetween(a: Vec, b: Vec): Bounds {
  return {
    minX: Math.min(a.x, b.x),
    minY: Math.min(a.y, b.y),
    maxX: Math.max(a.x, b.x),
    maxY: Math.max(a.y, b.y),
  };
}

/**
 * The selection's frame: the world box around its elements' own corners (elementCorners: the
 * shape, not the ink's outline width), so a resize scales exactly what the user drew. Null for
 * no element.
 */
export function selectionFrame(views: Iterable<ElementView>): Bounds | null {
  const corners: Vec[] = [];
  for (const view of views) corners.push(...elementCorners(view));
  return boundsOfPoints(corners);
}

/** Where each handle is drawn, in world units, for a frame seen at `zoom`. */
export function handlePositions(
  frame: Bounds,
  zoom: number,
  pointer: PointerKind,
): { handle: Handle; at: Vec }[] {
  const corners = CORNERS.map((corner) => ({
    handle: { kind: 'corner', corner } as const,
    at: cornerOf(frame, corner),
  }));
  const rotate = {
    handle: { kind: 'rotate' } as const,
    at: {
      x: (frame.minX + frame.maxX) / 2,
      y: frame.minY - ROTATE_HANDLE_OFFSET_PX[pointer] / zoom,
    },
  };
  return [...corners, rotate];
}

/** The handle within reach of `point` (world units), nearest first; null for none. */
export function handleAt(
  frame: Bounds,
  point: Vec,
  zoom: number,
  pointer: PointerKind,
): Handle | null {
  const reach = HANDLE_REACH_PX[pointer] / zoom;
  let best: { handle: Handle; distance: number } | null = null;
  for (const { handle, at } of handlePositions(frame, zoom, pointer)) {
    const distance = Math.hypot(point.x - at.x, point.y - at.y);
    if (distance <= reach && (best === null || distance < best.distance))
      best = { handle, distance };
  }
  return best?.handle ?? null;
}

export function insideFrame(frame: Bounds, point: Vec): boolean {
  return (
    point.x >= frame.minX && point.x <= frame.maxX && point.y >= frame.minY && point.y <= frame.maxY
  );
}

/** What a drag on the selection does, fixed at pointerdown. */
export type DragKind = { readonly kind: 'move' } | Handle;

/**
 * The world transform from where the selection was at pointerdown to where the drag puts it.
 * `shift`: a resize keeps the ratio, a rotation snaps to 15°.
 */
export function dragTransform(
  drag: DragKind,
  frame: Bounds,
  start: Vec,
  now: Vec,
  shift: boolean,
): Affine {
  switch (drag.kind) {
    case 'move':
      return translation(now.x - start.x, now.y - start.y);
    case 'corner':
      // The pointer's offset from the corner it grabbed is kept, so a grab off-centre does not jump.
      return resizeAbout(frame, drag.corner, offsetCorner(frame, drag.corner, start, now), shift);
    case 'rotate': {
      const centre = { x: (frame.minX + frame.maxX) / 2, y: (frame.minY + frame.maxY) / 2 };
      const angle =
        Math.atan2(now.y - centre.y, now.x - centre.x) -
        Math.atan2(start.y - centre.y, start.x - centre.x);
      return rotateAbout(centre, shift ? snapAngle(angle) : angle);
    }
  }
}

function offsetCorner(frame: Bounds, corner: Corner, start: Vec, now: Vec): Vec {
  const at = cornerOf(frame, corner);
  return { x: at.x + now.x - start.x, y: at.y + now.y - start.y };
}

/** One arrow key's nudge in world units: 1 screen pixel, or 10 with Shift. */
export function nudgeVector(key: string, shift: boolean, zoom: number): Vec | null {
  const step = (shift ? 10 : 1) / zoom;
  switch (key) {
    case 'ArrowLeft':
      return { x: -step, y: 0 };
    case 'ArrowRight':
      return { x: step, y: 0 };
    case 'ArrowUp':
      return { x: 0, y: -step };
    case 'ArrowDown':
      return { x: 0, y: step };
    default:
      return null;
  }
}

/** A selection's ids as a value: never changed after it is made, so no reactive Set is needed. */
export function idSet(ids: Iterable<string>): ReadonlySet<string> {
  return new Set(ids);
}

/** `ids` with `id` added, or taken out if it was in (Shift+click). */
export function toggled(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(ids);
  if (!next.delete(id)) next.add(id);
  return next;
}
