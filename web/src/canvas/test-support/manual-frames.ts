import type { AnimationFrames } from '../frame-loop.ts';

/** Animation frames that come only when a test calls `tick`. */
export class ManualFrames implements AnimationFrames {
  readonly #waiting = new Map<number, () => void>();
  #next = 1;

  request(callback: () => void): number {
    const handle = this.#next++;
    this.#waiting.set(handle, callback);
    return handle;
  }

  cancel(handle: number): void {
    this.#waiting.delete(handle);
  }

  /** How many callbacks wait for the next frame. */
  get requested(): number {
    return this.#waiting.size;
  }

  /** The next frame: runs the callbacks asked for before it. */
  tick(): void {
    const due = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const callback of due) callback();
  }
}
