import type { Size, Viewport } from '../model/viewport.ts';
import { trackDevicePixels } from './device-pixels.ts';
import { FrameLoop, type Layer } from './frame-loop.ts';
import { renderLive, type EraserRing, type LocalInk } from './render-live.ts';
import {
  prepareOutlines,
  renderStrokes,
  scrollStrokes,
  type ColorMapper,
} from './render-strokes.ts';
import { scrollBetween } from './scroll.ts';
import type { StrokeCache } from './stroke-cache.ts';
import type { View } from './view.ts';

/** Draws on top of the live layer after everything else, e.g. other people's cursors. */
export type Decoration = (ctx: CanvasRenderingContext2D, view: View) => void;

/** What the renderer reads each frame; getters, so it always sees the current state. */
export interface BoardScene {
  readonly strokes: StrokeCache;
  readonly viewport: Viewport;
  readonly size: Size;
  readonly color: ColorMapper;
  /** The stroke drawn on this device: shown from `localInk`, not from the document. */
  readonly localStrokeId: string | null;
  readonly localInk: LocalInk | null;
  readonly eraser: EraserRing | null;
  readonly decorations: readonly Decoration[];
}

/**
 * Two stacked canvases, drawn on animation frames only when dirty: finished strokes below,
 * redrawn when they change or the view moves; the strokes being drawn, the eraser ring and
 * cursors above, redrawn as pointers move. Moving a pointer never repaints 10,000 strokes.
 */
export class BoardRenderer {
  readonly #scene: BoardScene;
  readonly #loop = new FrameLoop((dirty) => this.#draw(dirty));
  readonly #canvases = new Map<Layer, HTMLCanvasElement>();
  readonly #unsubscribe: () => void;
  #idle: number | null = null;
  /** The view the strokes layer was last painted for, while its picture is still current. */
  #painted: View | null = null;

  constructor(scene: BoardScene) {
    this.#scene = scene;
    this.#unsubscribe = scene.strokes.subscribe(({ finished, live }) => {
      if (finished) {
        this.repaint();
        this.#prepareWhenIdle();
      }
      if (live) this.#loop.invalidate('live');
    });
    this.#prepareWhenIdle();
  }

  /** For `{@attach}` on each canvas: keeps it at device resolution and draws into it. */
  layer = (layer: Layer) => (canvas: HTMLCanvasElement) => {
    this.#canvases.set(layer, canvas);
    const stop = trackDevicePixels(canvas, () => {
      // Resizing cleared the canvas.
      if (layer === 'strokes') this.#painted = null;
      this.#loop.invalidate(layer);
    });
    return () => {
      stop();
      this.#canvases.delete(layer);
    };
  };

  /** The view moved (or something on `layers` changed): draw them on the next frame. */
  invalidate(...layers: Layer[]): void {
    this.#loop.invalidate(...(layers.length > 0 ? layers : (['strokes', 'live'] as const)));
  }

  /** What the strokes look like changed (not just where they are): paint both layers afresh. */
  repaint(): void {
    this.#painted = null;
    this.invalidate();
  }

  destroy(): void {
    this.#unsubscribe();
    this.#loop.destroy();
    if (this.#idle !== null) cancelIdleCallback(this.#idle);
    this.#idle = null;
  }

  /**
   * Builds outlines of strokes off screen in idle time. Measured on a 10,000-stroke board in
   * headless Chromium: without it the first zoom-to-fit frame took about 0.5–0.9 s.
   */
  #prepareWhenIdle(): void {
    // Safari has no requestIdleCallback; outlines are then built as strokes come into view.
    if (this.#idle !== null || typeof requestIdleCallback !== 'function') return;
    this.#idle = requestIdleCallback((deadline) => {
      this.#idle = null;
      const strokes = this.#scene.strokes.ordered();
      if (!prepareOutlines(strokes, () => deadline.timeRemaining() > 1)) this.#prepareWhenIdle();
    });
  }

  #draw(dirty: ReadonlySet<Layer>): void {
    const scene = this.#scene;
    if (dirty.has('strokes')) {
      this.#paint('strokes', (ctx, view) => {
        const strokes = { strokes: scene.strokes.ordered(), color: scene.color };
        const scroll = this.#painted && scrollBetween(this.#painted, view, ctx.canvas);
        if (scroll) scrollStrokes(ctx, strokes, view, scroll);
        else renderStrokes(ctx, strokes, view);
        this.#painted = view;
      });
    }
    if (dirty.has('live')) {
      this.#paint('live', (ctx, view) => {
        const local = scene.localStrokeId;
        const strokes = scene.strokes.live().filter((stroke) => stroke.id !== local);
        const { localInk, eraser, color } = scene;
        renderLive(ctx, { strokes, local: localInk, eraser, color }, view);
        for (const decorate of scene.decorations) decorate(ctx, view);
      });
    }
  }

  #paint(layer: Layer, draw: (ctx: CanvasRenderingContext2D, view: View) => void): void {
    const canvas = this.#canvases.get(layer);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.clientWidth === 0) return;
    const view: View = {
      viewport: this.#scene.viewport,
      size: this.#scene.size,
      // Exact rather than devicePixelRatio: the backing store is rounded to whole pixels.
      pixelRatio: canvas.width / canvas.clientWidth,
    };
    draw(ctx, view);
  }
}
