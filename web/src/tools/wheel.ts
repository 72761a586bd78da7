import type { Vec } from '../model/geometry.ts';
import { panBy, zoomAbout, type Viewport } from '../model/viewport.ts';

/** The parts of a WheelEvent that move the board. */
export interface WheelInput {
  readonly deltaX: number;
  readonly deltaY: number;
  readonly deltaMode: number;
  /** Also set by the browser for a trackpad pinch. */
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

const LINE_PIXELS = 16;
const PAGE_PIXELS = 800;
/**
 * Zoom per pixel of wheel delta: one mouse-wheel notch (100 px) zooms by e^0.5 ≈ 1.65×, and a
 * trackpad pinch, which sends many small deltas, zooms smoothly.
 */
const ZOOM_PER_PIXEL = 0.005;
/** A fast wheel can report thousands of pixels at once; one event zooms by at most 1.65×. */
const MAX_ZOOM_DELTA = 100;

/**
 * Plain wheel (and two-finger trackpad scroll) pans; with Ctrl or Cmd, or a trackpad pinch,
 * it zooms about the pointer at `at` (CSS pixels from the board's top-left).
 */
export function wheelViewport(viewport: Viewport, wheel: WheelInput, at: Vec): Viewport {
  const unit = wheel.deltaMode === 1 ? LINE_PIXELS : wheel.deltaMode === 2 ? PAGE_PIXELS : 1;
  let dx = wheel.deltaX * unit;
  let dy = wheel.deltaY * unit;
  if (wheel.ctrlKey || wheel.metaKey) {
    const delta = Math.max(-MAX_ZOOM_DELTA, Math.min(MAX_ZOOM_DELTA, dy));
    return zoomAbout(viewport, at, Math.exp(-delta * ZOOM_PER_PIXEL));
  }
  // A mouse wheel with Shift scrolls sideways, as in any document.
  if (wheel.shiftKey && dx === 0) [dx, dy] = [dy, 0];
  return panBy(viewport, { x: -dx, y: -dy });
}
