/**
 * Follow mode's view math, pure: what a page publishes of its view (the world point at the
 * centre of its screen and its zoom, so screens of any size can follow one another) and the
 * viewport that shows a followed view on this page's screen.
 */
import { clampZoom, type Size, type Viewport } from '../model/viewport.ts';

export interface SharedView {
  /** The world point at the centre of the screen. */
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export function sharedViewOf(viewport: Viewport, size: Size): SharedView {
  return {
    x: viewport.x + size.width / 2 / viewport.zoom,
    y: viewport.y + size.height / 2 / viewport.zoom,
    zoom: viewport.zoom,
  };
}

/** The viewport that puts `view`'s centre at the centre of a screen of `size`, at its zoom. */
export function viewportShowing(view: SharedView, size: Size): Viewport {
  const zoom = clampZoom(view.zoom);
  return { x: view.x - size.width / 2 / zoom, y: view.y - size.height / 2 / zoom, zoom };
}
