/**
 * The camera onto the board. Screen coordinates are CSS pixels from the canvas's top-left
 * corner (the canvas scales by devicePixelRatio on its own); world coordinates are what strokes
 * are stored in.
 *
 *   screen = (world - (x, y)) * zoom        world = screen / zoom + (x, y)
 */
import type { Bounds, Vec } from './geometry.ts';

export interface Viewport {
  /** The world point at the screen's top-left corner. */
  readonly x: number;
  readonly y: number;
  /** Screen pixels per world unit. */
  readonly zoom: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** At 0.05× a 1000 px window shows 20,000 units; at 20× a quarter unit (the stored precision) is 5 px. */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 20;

export const clampZoom = (zoom: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

export function screenToWorld(viewport: Viewport, screen: Vec): Vec {
  return { x: screen.x / viewport.zoom + viewport.x, y: screen.y / viewport.zoom + viewport.y };
}

export function worldToScreen(viewport: Viewport, world: Vec): Vec {
  return { x: (world.x - viewport.x) * viewport.zoom, y: (world.y - viewport.y) * viewport.zoom };
}

/** Multiplies the zoom by `factor` (clamped), keeping the world point under `screen` in place. */
export function zoomAbout(viewport: Viewport, screen: Vec, factor: number): Viewport {
  if (!(factor > 0) || !Number.isFinite(factor)) {
    throw new RangeError(`Zoom factor must be a positive number, got ${factor}`);
  }
  const anchor = screenToWorld(viewport, screen);
  const zoom = clampZoom(viewport.zoom * factor);
  return { x: anchor.x - screen.x / zoom, y: anchor.y - screen.y / zoom, zoom };
}

/** Moves the board with the pointer: dragging right by `delta` pixels shows what was left. */
export function panBy(viewport: Viewport, delta: Vec): Viewport {
  return {
    x: viewport.x - delta.x / viewport.zoom,
    y: viewport.y - delta.y / viewport.zoom,
    zoom: viewport.zoom,
  };
}

/** The world area on screen, for culling strokes that cannot be seen. */
export function visibleBounds(viewport: Viewport, size: Size): Bounds {
  return {
    minX: viewport.x,
    minY: viewport.y,
    maxX: viewport.x + size.width / viewport.zoom,
    maxY: viewport.y + size.height / viewport.zoom,
  };
}

/**
 * The viewport that shows `bounds` whole and centred, with `padding` screen pixels around it,
 * as large as the zoom range allows: zoom-to-fit.
 */
export function fitBounds(size: Size, bounds: Bounds, padding: number): Viewport {
  // At least one pixel, so a window smaller than its padding still gives a finite zoom.
  const availableWidth = Math.max(1, size.width - 2 * padding);
  const availableHeight = Math.max(1, size.height - 2 * padding);
  const zoom = clampZoom(
    Math.min(
      availableWidth / (bounds.maxX - bounds.minX),
      availableHeight / (bounds.maxY - bounds.minY),
    ),
  );
  const centreX = (bounds.minX + bounds.maxX) / 2;
  const centreY = (bounds.minY + bounds.maxY) / 2;
  return { x: centreX - size.width / 2 / zoom, y: centreY - size.height / 2 / zoom, zoom };
}
