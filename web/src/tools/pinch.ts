import type { Vec } from '../model/geometry.ts';
import { clampZoom, screenToWorld, type Viewport } from '../model/viewport.ts';

/** Two touch points, in CSS pixels from the board's top-left. */
export type TouchPair = readonly [Vec, Vec];

/**
 * The viewport after two fingers moved from `start` to `now`: the world point that was between
 * them stays between them, and the zoom follows the change in their distance. Computed from the
 * gesture's start each time, not step by step, so rounding cannot drift.
 */
export function pinchViewport(initial: Viewport, start: TouchPair, now: TouchPair): Viewport {
  const startMiddle = middle(start);
  const nowMiddle = middle(now);
  const startDistance = distance(start);
  const anchor = screenToWorld(initial, startMiddle);
  const zoom =
    startDistance > 0 ? clampZoom((initial.zoom * distance(now)) / startDistance) : initial.zoom;
  return { x: anchor.x - nowMiddle.x / zoom, y: anchor.y - nowMiddle.y / zoom, zoom };
}

const middle = ([a, b]: TouchPair): Vec => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const distance = ([a, b]: TouchPair): number => Math.hypot(a.x - b.x, a.y - b.y);
