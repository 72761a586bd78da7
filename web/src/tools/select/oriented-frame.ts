/**
 * The select tool's frame, pure: a box in its own axes, turned by `angle` about the world's
 * origin. Where it is drawn, where its handles are, what a press inside it grabs, and the one
 * world transform a drag of it or a handle makes.
 *
 * One element alone that has a rotation (a box's rot, a stroke's unsheared matrix) gets a frame
 * turned with it, as in Excalidraw, tldraw and FigJam: the corner handles sit on the element's
 * own corners, the rotate handle above its own top edge, and a corner drag resizes along its own
 * axes, so a turned rectangle stays a turned rectangle. Any other selection has angle 0, and then
 * `box` is the world box itself and every number comes out exactly as it did before frames could
 * turn (`turned` hands points back untouched at angle 0): a drag of 1,000 elements pays nothing.
 */
import type { Bounds, Vec } from '../../model/geometry.ts';
import {
  boundsOfPoints,
  compose,
  cornerOf,
  resizeAbout,
  rotateAbout,
  rotation,
  snapAngle,
  translation,
  type Affine,
  type Corner,
} from '../../model/transform.ts';

export interface OrientedFrame {
  /** The frame in its own axes: world points turned by −angle about the world's origin. */
  readonly box: Bounds;
  /** Radians, clockwise on screen (y points down), as a box's rot. */
  readonly angle: number;
}

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

/** What a drag on the selection does, fixed at pointerdown. */
export type DragKind = { readonly kind: 'move' } | Handle;

export const axisAligned = (box: Bounds): OrientedFrame => ({ box, angle: 0 });

/** `p` turned by `angle` about the world's origin; `p` itself at angle 0, so that stays exact. */
function turned(p: Vec, angle: number): Vec {
  if (angle === 0) return p;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return { x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos };
}

/** A point of the frame's own axes, in the world. */
export const toWorld = (frame: OrientedFrame, p: Vec): Vec => turned(p, frame.angle);
/** A world point (or direction) in the frame's own axes. */
export const toFrame = (frame: OrientedFrame, p: Vec): Vec => turned(p, -frame.angle);

/** The frame with axes turned by `angle` around `points` (world); null for no point. */
export function frameAround(points: readonly Vec[], angle: number): OrientedFrame | null {
  const box = boundsOfPoints(angle === 0 ? points : points.map((p) => turned(p, -angle)));
  return box && { box, angle };
}

/** The frame's corners in the world, clockwise from its own top-left, `padding` units outside. */
export function frameCorners(frame: OrientedFrame, padding = 0): [Vec, Vec, Vec, Vec] {
  const { minX, minY, maxX, maxY } = frame.box;
  const at = (x: number, y: number) => toWorld(frame, { x, y });
  return [
    at(minX - padding, minY - padding),
    at(maxX + padding, minY - padding),
    at(maxX + padding, maxY + padding),
    at(minX - padding, maxY + padding),
  ];
}

/** The world box around the frame: what peers are shown (awareness carries a Bounds). */
export function frameBounds(frame: OrientedFrame): Bounds {
  if (frame.angle === 0) return frame.box;
  return boundsOfPoints(frameCorners(frame))!;
}

export function frameCentre(frame: OrientedFrame): Vec {
  const { minX, minY, maxX, maxY } = frame.box;
  return toWorld(frame, { x: (minX + maxX) / 2, y: (minY + maxY) / 2 });
}

/** Where each handle is drawn, in world units, for a frame seen at `zoom`. */
export function handlePositions(
  frame: OrientedFrame,
  zoom: number,
  pointer: PointerKind,
): { handle: Handle; at: Vec }[] {
  const corners = CORNERS.map((corner) => ({
    handle: { kind: 'corner', corner } as const,
    at: toWorld(frame, cornerOf(frame.box, corner)),
  }));
  const { minX, minY, maxX } = frame.box;
  const rotate = {
    handle: { kind: 'rotate' } as const,
    at: toWorld(frame, {
      x: (minX + maxX) / 2,
      y: minY - ROTATE_HANDLE_OFFSET_PX[pointer] / zoom,
    }),
  };
  return [...corners, rotate];
}

/**
 * The handle within reach of `point` (world units), nearest first; null for none. A frame so
 * small that its handles' reach covers all of it (a short word or arrow under a finger: 30 px
 * across at most) is moved from inside and only resized or turned from outside, or it could
 * never be moved at all.
 */
export function handleAt(
  frame: OrientedFrame,
  point: Vec,
  zoom: number,
  pointer: PointerKind,
): Handle | null {
  const reach = HANDLE_REACH_PX[pointer] / zoom;
  const { minX, minY, maxX, maxY } = frame.box;
  const halfDiagonal = Math.hypot(maxX - minX, maxY - minY) / 2;
  if (halfDiagonal <= reach && insideFrame(frame, point)) return null;
  let best: { handle: Handle; distance: number } | null = null;
  for (const { handle, at } of handlePositions(frame, zoom, pointer)) {
    const distance = Math.hypot(point.x - at.x, point.y - at.y);
    if (distance <= reach && (best === null || distance < best.distance))
      best = { handle, distance };
  }
  return best?.handle ?? null;
}

/** Is the world `point` inside the frame (turned with it)? */
export function insideFrame(frame: OrientedFrame, point: Vec): boolean {
  const { x, y } = toFrame(frame, point);
  const { box } = frame;
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
}

/**
 * The world transform from where the selection was at pointerdown to where the drag puts it.
 * A corner drag scales along the frame's own axes about the opposite corner, which stays put,
 * so the elements keep the frame's angle. `shift`: a resize keeps the ratio; a rotation snaps
 * the frame's resulting angle, not the turn, to 15° (a box at 10° goes to 15°, 30°…).
 */
export function dragTransform(
  drag: DragKind,
  frame: OrientedFrame,
  start: Vec,
  now: Vec,
  shift: boolean,
): Affine {
  switch (drag.kind) {
    case 'move':
      return translation(now.x - start.x, now.y - start.y);
    case 'corner': {
      // The pointer's offset from the corner it grabbed is kept, so a grab off-centre does not jump.
      const grabbed = cornerOf(frame.box, drag.corner);
      const moved = toFrame(frame, { x: now.x - start.x, y: now.y - start.y });
      const pointer = { x: grabbed.x + moved.x, y: grabbed.y + moved.y };
      return inWorld(frame, resizeAbout(frame.box, drag.corner, pointer, shift));
    }
    case 'rotate': {
      const centre = frameCentre(frame);
      const turn =
        Math.atan2(now.y - centre.y, now.x - centre.x) -
        Math.atan2(start.y - centre.y, start.x - centre.x);
      return rotateAbout(centre, shift ? snapAngle(frame.angle + turn) - frame.angle : turn);
    }
  }
}

/** A transform of the frame's own axes as a transform of the world. */
function inWorld(frame: OrientedFrame, m: Affine): Affine {
  if (frame.angle === 0) return m;
  return compose(rotation(frame.angle), compose(m, rotation(-frame.angle)));
}

/** `frame` moved by (dx, dy) world units: its box shifts by that much in its own axes. */
export function movedFrame(frame: OrientedFrame, dx: number, dy: number): OrientedFrame {
  const cos = Math.cos(frame.angle);
  const sin = Math.sin(frame.angle);
  const x = dx * cos + dy * sin;
  const y = -dx * sin + dy * cos;
  const { minX, minY, maxX, maxY } = frame.box;
  return {
    box: { minX: minX + x, minY: minY + y, maxX: maxX + x, maxY: maxY + y },
    angle: frame.angle,
  };
}
