import type { Vec } from '../model/geometry.ts';

/** The touch points down on the board, by pointer id, in CSS pixels; for two-finger pinches. */
export class TouchPoints {
  readonly #points = new Map<number, Vec>();

  get size(): number {
    return this.#points.size;
  }

  has(pointerId: number): boolean {
    return this.#points.has(pointerId);
  }

  get(pointerId: number): Vec | undefined {
    return this.#points.get(pointerId);
  }

  set(pointerId: number, at: Vec): void {
    this.#points.set(pointerId, at);
  }

  delete(pointerId: number): void {
    this.#points.delete(pointerId);
  }

  clear(): void {
    this.#points.clear();
  }

  /** The first two touches, or null while fewer are down. */
  firstTwo(): [[number, Vec], [number, Vec]] | null {
    const [a, b] = this.#points;
    return a && b ? [a, b] : null;
  }
}
