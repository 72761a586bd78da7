/** The stacked canvases, bottom to top. */
export type Layer = 'strokes' | 'live';

export type DrawLayers = (dirty: ReadonlySet<Layer>) => void;

export interface AnimationFrames {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const browserFrames: AnimationFrames = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Draws on the next animation frame only what was marked dirty since the last one, and nothing
 * at all while nothing changes: an idle board costs no frames.
 */
export class FrameLoop {
  readonly #draw: DrawLayers;
  readonly #frames: AnimationFrames;
  readonly #dirty = new Set<Layer>();
  #pending: number | null = null;

  constructor(draw: DrawLayers, frames: AnimationFrames = browserFrames) {
    this.#draw = draw;
    this.#frames = frames;
  }

  invalidate(...layers: Layer[]): void {
    for (const layer of layers) this.#dirty.add(layer);
    if (this.#pending === null && this.#dirty.size > 0) {
      this.#pending = this.#frames.request(() => this.#frame());
    }
  }

  destroy(): void {
    if (this.#pending !== null) this.#frames.cancel(this.#pending);
    this.#pending = null;
    this.#dirty.clear();
  }

  #frame(): void {
    this.#pending = null;
    const dirty = new Set(this.#dirty);
    this.#dirty.clear();
    this.#draw(dirty);
  }
}
