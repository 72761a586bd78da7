import type { Bounds, Vec } from '../model/geometry.ts';
import {
  fitBounds,
  panBy,
  screenToWorld,
  zoomAbout,
  type Size,
  type Viewport,
} from '../model/viewport.ts';

/** Screen pixels kept free around the strokes by zoom-to-fit. */
export const FIT_PADDING = 48;
/** One press of + or − (or the buttons) zooms by this factor. */
export const ZOOM_STEP = 1.25;
/** Fitting one small scribble should not blow it up to 20×. */
export const MAX_FIT_ZOOM = 2;
export const DEFAULT_VIEWPORT: Viewport = { x: 0, y: 0, zoom: 1 };

/**
 * Where the board is looked at from, and how big the window onto it is. Reactive, so the zoom
 * readout follows and the canvases redraw; every move goes through model/viewport.ts, so all
 * geometry stays in world coordinates.
 */
export class Camera {
  #viewport = $state.raw<Viewport>(DEFAULT_VIEWPORT);
  #size = $state.raw<Size>({ width: 0, height: 0 });

  get viewport(): Viewport {
    return this.#viewport;
  }

  set viewport(viewport: Viewport) {
    this.#viewport = viewport;
  }

  /** The board's size in CSS pixels. */
  get size(): Size {
    return this.#size;
  }

  set size(size: Size) {
    this.#size = size;
  }

  get center(): Vec {
    return { x: this.#size.width / 2, y: this.#size.height / 2 };
  }

  toWorld(screen: Vec): Vec {
    return screenToWorld(this.#viewport, screen);
  }

  pan(delta: Vec): void {
    this.#viewport = panBy(this.#viewport, delta);
  }

  zoomAt(screen: Vec, factor: number): void {
    this.#viewport = zoomAbout(this.#viewport, screen, factor);
  }

  zoomIn(): void {
    this.zoomAt(this.center, ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomAt(this.center, 1 / ZOOM_STEP);
  }

  /** Back to 100 %, keeping the middle of the screen where it is. */
  resetZoom(): void {
    this.zoomAt(this.center, 1 / this.#viewport.zoom);
  }

  /** Shows all of `bounds`, or returns to the origin at 100 % when there is nothing to show. */
  fit(bounds: Bounds | null): void {
    if (!bounds) {
      this.#viewport = DEFAULT_VIEWPORT;
      return;
    }
    const fitted = fitBounds(this.#size, bounds, FIT_PADDING);
    this.#viewport =
      fitted.zoom > MAX_FIT_ZOOM
        ? zoomAbout(fitted, this.center, MAX_FIT_ZOOM / fitted.zoom)
        : fitted;
  }
}
