/**
 * Every stroke of the board, decoded once and kept ready to draw: points, bounds and (built on
 * first draw) the outline path. Only the strokes a document change touched are read again, so a
 * peer drawing on a 10,000-stroke board costs one stroke's decode per update, not 10,000.
 *
 * Strokes being drawn (done = false) change up to 30 times a second; finished ones almost never.
 * Listeners hear which of the two changed, so the renderer redraws the finished-strokes layer
 * only when a finished stroke appears, disappears or changes.
 */
import * as Y from 'yjs';
import { changedStrokeIds } from '../model/changes.ts';
import { boundsIntersect, strokeBounds, type Bounds } from '../model/geometry.ts';
import { strokesMap, type ProblemReporter } from '../model/schema.ts';
import { compareStacking, listStrokes, readStroke, type StrokeView } from '../model/strokes.ts';
import { StrokeGrid } from './stroke-grid.ts';

export interface CachedStroke extends StrokeView {
  /** The ink's bounding box in world units; null for a stroke without points. */
  readonly bounds: Bounds | null;
  /**
   * The outline in world coordinates, filled in by the renderer the first time the stroke is
   * drawn: building it is the costly part, and most strokes of a big board are off screen.
   * A changed stroke gets a new entry, so a stale path can never be drawn.
   */
  path: Path2D | null;
  /**
   * Zoomed out, the ink as a polyline thinned to one step (see level-of-detail.ts), and the
   * line width that puts as much ink on the screen as the outline would.
   */
  hairline: { readonly step: number; readonly path: Path2D; readonly width: number } | null;
}

export interface StrokeChange {
  /** A finished stroke was added, removed or changed: the strokes layer is stale. */
  readonly finished: boolean;
  /** A stroke being drawn was added, removed, grew or was finished. */
  readonly live: boolean;
  /** Finished strokes that are new here or changed (one just finished, say), to be drawn. */
  readonly appeared: readonly CachedStroke[];
  /** Where finished strokes were before they were removed or changed, to be painted over. */
  readonly vacated: readonly Bounds[];
}

export type StrokeChangeListener = (change: StrokeChange) => void;

/**
 * A reporter that warns once per malformed stroke and reason: a stroke a peer keeps drawing
 * malformed would otherwise warn 30 times a second.
 */
export function warnOncePerProblem(
  warn: (message: string) => void = (message) => console.warn(message),
): ProblemReporter {
  const seen = new Set<string>();
  return ({ strokeId, reason }) => {
    const key = `${strokeId}\u0000${reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    warn(`Skipping part of stroke ${strokeId}: ${reason}`);
  };
}

/** More strokes changed at once than this (a board loading) are sorted afresh, not inserted. */
const BULK_CHANGE = 256;

export class StrokeCache {
  readonly #doc: Y.Doc;
  readonly #onProblem: ProblemReporter | undefined;
  readonly #strokes = new Map<string, CachedStroke>();
  /** All strokes in drawing order; rebuilt lazily after a stroke is added or removed. */
  #ordered: CachedStroke[] | null = null;
  readonly #live = new Set<string>();
  /** The finished strokes, by where they are. */
  readonly #grid = new StrokeGrid<CachedStroke>();
  readonly #listeners = new Set<StrokeChangeListener>();
  readonly #observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
    this.#apply(changedStrokeIds(events));

  constructor(doc: Y.Doc, onProblem?: ProblemReporter) {
    this.#doc = doc;
    this.#onProblem = onProblem;
    for (const view of listStrokes(doc, onProblem)) this.#put(view);
    strokesMap(doc).observeDeep(this.#observer);
  }

  get size(): number {
    return this.#strokes.size;
  }

  get(id: string): CachedStroke | undefined {
    return this.#strokes.get(id);
  }

  /** Every valid stroke, in drawing order (z, then id). Do not modify the array. */
  ordered(): readonly CachedStroke[] {
    this.#ordered ??= [...this.#strokes.values()].sort(compareStacking);
    return this.#ordered;
  }

  /** The finished strokes whose ink box touches `area` (world units), in drawing order. */
  finishedIn(area: Bounds): CachedStroke[] {
    return this.finishedInAtMost(area, Infinity) ?? [];
  }

  /** The same, or null when there are more than `limit`, found out without sorting them. */
  finishedInAtMost(area: Bounds, limit: number): CachedStroke[] | null {
    const near = this.#grid.near(area, limit);
    if (near === null) return null;
    const found: CachedStroke[] = [];
    for (const stroke of near) {
      if (boundsIntersect(stroke.bounds!, area)) found.push(stroke);
    }
    return found.sort(compareStacking);
  }

  /** The strokes still being drawn, in drawing order. */
  live(): CachedStroke[] {
    const live: CachedStroke[] = [];
    for (const id of this.#live) {
      const stroke = this.#strokes.get(id);
      if (stroke) live.push(stroke);
    }
    return live.sort(compareStacking);
  }

  subscribe(listener: StrokeChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    strokesMap(this.#doc).unobserveDeep(this.#observer);
    this.#listeners.clear();
  }

  #apply(ids: ReadonlySet<string>): void {
    // A board loading: sorting once beats inserting one by one (50,000 strokes: 0.4 s of
    // moving array entries, against 50 ms to sort).
    if (ids.size > BULK_CHANGE) this.#ordered = null;
    let finished = false;
    let live = false;
    const appeared: CachedStroke[] = [];
    const vacated: Bounds[] = [];
    for (const id of ids) {
      const before = this.#strokes.get(id);
      const view = readStroke(this.#doc, id, this.#onProblem);
      if (before) this.#remove(before);
      const after = view ? this.#put(view) : null;
      finished ||= before?.done === true || after?.done === true;
      live ||= before?.done === false || after?.done === false;
      if (before?.done && before.bounds) vacated.push(before.bounds);
      if (after?.done) appeared.push(after);
    }
    if (!finished && !live) return;
    const change: StrokeChange = { finished, live, appeared, vacated };
    for (const listener of this.#listeners) listener(change);
  }

  #put(view: StrokeView): CachedStroke {
    const stroke: CachedStroke = {
      ...view,
      bounds: strokeBounds(view),
      path: null,
      hairline: null,
    };
    this.#strokes.set(stroke.id, stroke);
    if (stroke.done) this.#grid.add(stroke);
    else this.#live.add(stroke.id);
    if (this.#ordered) this.#insertOrdered(stroke);
    return stroke;
  }

  #remove(stroke: CachedStroke): void {
    this.#strokes.delete(stroke.id);
    this.#live.delete(stroke.id);
    if (stroke.done) this.#grid.remove(stroke);
    if (!this.#ordered) return;
    const index = this.#indexOf(stroke);
    if (this.#ordered[index] === stroke) this.#ordered.splice(index, 1);
    else this.#ordered = null;
  }

  /**
   * Binary insertion keeps a growing stroke from re-sorting 10,000 entries 30 times a second.
   * (The splice is a memmove: about 10 µs for 10,000 entries.)
   */
  #insertOrdered(stroke: CachedStroke): void {
    this.#ordered?.splice(this.#indexOf(stroke), 0, stroke);
  }

  /** The first position whose stroke does not stack below `stroke`. */
  #indexOf(stroke: CachedStroke): number {
    const ordered = this.#ordered ?? [];
    let low = 0;
    let high = ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = ordered[middle];
      if (other && compareStacking(other, stroke) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
