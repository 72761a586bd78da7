import type { Bounds, HittableStroke, Vec } from '../model/geometry.ts';
import { strokesHitBy, sweepBounds } from '../model/geometry.ts';
import { sweepHitsElement, type ShapeElement } from '../model/elements.ts';
import { eraseStrokes } from '../model/strokes.ts';
import type { DrawingTarget } from './pen.ts';

/** The eraser's radius on screen, CSS pixels; in world units it is this / zoom. */
export const ERASER_PIXELS = 10;

/** A stroke, or a shape, text or note (`shape`), as the eraser tests it. */
export interface Erasable extends HittableStroke {
  readonly shape?: ShapeElement | null;
}

/** The elements that may lie in `area` (world units): at least every one that does. */
export type StrokesNear = (area: Bounds) => Iterable<Erasable>;

/**
 * One eraser drag: every element (stroke, shape, text, note) the eraser's circle passes over is erased whole, for everyone,
 * as the pointer moves. Each move tests the segment swept since the last one, so a fast flick
 * cannot skip a thin stroke. The whole drag is one undo step.
 */
export class EraserSweep {
  readonly #target: Omit<DrawingTarget, 'author'>;
  readonly #strokes: StrokesNear;
  readonly #radius: number;
  #at: Vec;
  #erased = 0;
  #abandoned = false;

  constructor(
    target: Omit<DrawingTarget, 'author'>,
    strokes: StrokesNear,
    start: Vec,
    radius: number,
  ) {
    this.#target = target;
    this.#strokes = strokes;
    this.#radius = radius;
    this.#at = start;
    target.history.beginStep();
    this.#sweep(start);
  }

  /** How many strokes this drag has erased so far. */
  get erased(): number {
    return this.#erased;
  }

  get radius(): number {
    return this.#radius;
  }

  moveTo(point: Vec): void {
    if (!this.#abandoned) this.#sweep(point);
  }

  /**
   * Brings back what this drag erased, undo history included (a second finger turned it into
   * a pinch: the first one's touch was not meant to erase).
   */
  abandon(): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    if (this.#erased > 0) this.#target.history.revertCurrentStep();
    this.#erased = 0;
  }

  #sweep(to: Vec): void {
    const sweep = { from: this.#at, to };
    // Only the strokes near the sweep are tested: a move must not cost the whole board.
    const strokes: Erasable[] = [];
    const hit: string[] = [];
    for (const element of this.#strokes(sweepBounds(sweep, this.#radius))) {
      if (!element.shape) strokes.push(element);
      else if (sweepHitsElement(element.shape, sweep, this.#radius)) hit.push(element.id);
    }
    hit.push(...strokesHitBy(strokes, sweep, this.#radius));
    this.#at = to;
    if (hit.length > 0) this.#erased += eraseStrokes(this.#target.doc, hit, this.#target.origin);
  }
}
