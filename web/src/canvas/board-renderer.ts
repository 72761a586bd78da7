import type { Size, Viewport } from '../model/viewport.ts';
import { trackDevicePixels } from './device-pixels.ts';
import { FrameLoop, type AnimationFrames, type Layer } from './frame-loop.ts';
import { renderLive, type EraserRing, type LocalInk } from './render-live.ts';
import type { ColorMapper } from './render-strokes.ts';
import type { StrokeCache } from './stroke-cache.ts';
import { StrokesLayer } from './strokes-layer.ts';
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
 * brought up to date when they change or the view moves (strokes-layer.ts: as little as the
 * change needs, spread over frames when it is a lot); the strokes being drawn, the eraser ring
 * and cursors above, redrawn as pointers move. Moving a pointer never repaints 10,000 strokes.
 */
export class BoardRenderer {
  readonly #scene: BoardScene;
  readonly #loop: FrameLoop;
  readonly #canvases = new Map<Layer, HTMLCanvasElement>();
  readonly #unsubscribe: () => void;
  readonly #strokesLayer: StrokesLayer;
  /** A later frame the strokes layer asked for (it repaints sharp once a zoom settles). */
  #later: ReturnType<typeof setTimeout> | null = null;

  /** `frames`: the browser's animation frames unless a test drives them. */
  constructor(scene: BoardScene, frames?: AnimationFrames) {
    this.#scene = scene;
    this.#loop = new FrameLoop((dirty) => this.#draw(dirty), frames);
    this.#strokesLayer = new StrokesLayer(scene.strokes);
    this.#unsubscribe = scene.strokes.subscribe((change) => {
      if (change.finished) {
        this.#strokesLayer.noteChange(change);
        this.#loop.invalidate('strokes');
      }
      if (change.live) this.#loop.invalidate('live');
    });
  }

  /** For `{@attach}` on each canvas: keeps it at device resolution and draws into it. */
  layer = (layer: Layer) => (canvas: HTMLCanvasElement) => {
    this.#canvases.set(layer, canvas);
    const stop = trackDevicePixels(canvas, () => {
      // Resizing cleared the canvas.
      if (layer === 'strokes') this.#strokesLayer.cleared();
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
    this.#strokesLayer.repaintAll();
    this.invalidate();
  }

  destroy(): void {
    this.#unsubscribe();
    this.#loop.destroy();
    if (this.#later !== null) clearTimeout(this.#later);
    this.#later = null;
  }

  #draw(dirty: ReadonlySet<Layer>): void {
    const scene = this.#scene;
    if (dirty.has('strokes')) {
      this.#paint('strokes', (ctx, view) => {
        const again = this.#strokesLayer.draw(ctx, view, scene.color, performance.now());
        if (again !== null) this.#drawStrokesIn(again);
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

  #drawStrokesIn(ms: number): void {
    if (this.#later !== null) clearTimeout(this.#later);
    this.#later = null;
    if (ms <= 0) {
      this.#loop.invalidate('strokes');
      return;
    }
    this.#later = setTimeout(() => {
      this.#later = null;
      this.#loop.invalidate('strokes');
    }, ms);
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
