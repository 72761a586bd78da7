/**
 * The select tool's geometry, pure: what a click picks, what a box catches, and the frame around
 * the selection (oriented-frame.ts has its handles and drags).
 */
import {
  elementAngle,
  elementCorners,
  hitTestElement,
  type ElementView,
} from '../../model/elements.ts';
import type { Bounds, Vec } from '../../model/geometry.ts';
import { compareStacking } from '../../model/strokes.ts';
import type { ElementSource } from './element-index.ts';
import { frameAround, type OrientedFrame } from './oriented-frame.ts';

/**
 * How far from its ink a press still picks an element, in screen pixels: 6 for a mouse; 12 for
 * a finger, whose contact lands about 2 mm (12 CSS px on a phone) from where its owner aimed.
 */
export const PICK_TOLERANCE_PX = { mouse: 6, touch: 12 } as const;

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
 * The selection's frame: the box around its elements' own corners (elementCorners: the shape,
 * not the ink's outline width), so a resize scales exactly what the user drew. One element alone
 * gets a frame turned with it (elementAngle); several, the world box around them all (as in
 * Excalidraw), at no cost per element beyond its corners. Null for no element.
 */
export function selectionFrame(views: readonly ElementView[]): OrientedFrame | null {
  const corners: Vec[] = [];
  for (const view of views) corners.push(...elementCorners(view));
  return frameAround(corners, views.length === 1 ? elementAngle(views[0]!) : 0);
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
