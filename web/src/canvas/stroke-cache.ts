/**
 * Every stroke of the board, decoded once and kept ready to draw: points, bounds and (built on
 * first draw) the outline path. Only the strokes a document change touched are read again, so a
 * peer drawing on a 10,000-stroke board costs one stroke's decode per update, not 10,000.
 *
 * Strokes being drawn (done = false) change up to 30 times a second; finished ones almost never.
 * Listeners hear which of the two changed, so the renderer redraws the finished-strokes layer
 * only when a finished stroke appears, disappears or changes.
 *
 * What one change may cost is bounded three ways: a stroke being drawn decodes only the chunks
 * appended to it (growing-points.ts); no stroke decodes more than MAX_POINTS_PER_STROKE; and a
 * change to more than IMMEDIATE_CHANGE strokes (a board opening, or a peer's huge transaction)
 * is read in slices of SLICE_MS, with `progress` telling how far it got.
 */
import * as Y from 'yjs';
import { classifyStrokeChanges, type StrokeChangeKind } from '../model/changes.ts';
import { boundsIntersect, type Bounds } from '../model/geometry.ts';
import {
  kindOf,
  readEntry,
  readMatrix,
  readMovedShape,
  type ShapeElement,
} from '../model/elements.ts';
import {
  readStrokeRecord,
  strokesMap,
  type ProblemReporter,
  type StrokeMeta,
} from '../model/schema.ts';
import { isIdentity, transformPoints, type Affine } from '../model/transform.ts';
import { strokeBounds } from '../model/geometry.ts';
import { compareStacking, type StrokeView } from '../model/strokes.ts';
import { browserTimers, type Timers } from '../timing/timers.ts';
import { GrowingPoints } from './growing-points.ts';
import { StrokeGrid } from './stroke-grid.ts';

/**
 * One element of the board, ready to draw. Strokes carry their ink in `points` (in world
 * coordinates: their matrix applied); shapes, text and notes carry their fields in `shape` and
 * no points, and take the same path through the cache, the grid, culling and damage.
 */
export interface CachedStroke extends StrokeView {
  /** The ink's bounding box in world units; null for a stroke without points. */
  readonly bounds: Bounds | null;
  /** A shape, text or note; null for a stroke. */
  readonly shape: ShapeElement | null;
  /**
   * A stroke's points as stored (the same array as `points` when it was never moved) and its
   * matrix: a move places these again instead of decoding the stroke (changes.ts, 'moved').
   * Null for a shape.
   */
  readonly ink: { readonly points: Float32Array; readonly matrix: Affine } | null;
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
  /**
   * For a stroke moved by a translation (a drag): the paths of the entry it was moved from and
   * how far, so the renderer shifts them (render-strokes.ts) instead of building them again from
   * the points: an outline costs perfect-freehand's work, about 60 µs a stroke, on every write
   * of a drag. Null otherwise.
   */
  readonly shifted: ShiftedPaths | null;
}

export interface ShiftedPaths {
  readonly path: Path2D | null;
  readonly hairline: CachedStroke['hairline'];
  readonly dx: number;
  readonly dy: number;
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

/** How far a big change (a board opening) has been read into the cache. */
export interface LoadProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * When the cache reads a big change: a slice at most every so often, each for about `sliceMs`.
 * The clock and timers are injected so tests can drive slices by hand.
 */
export interface Slicing {
  readonly timers: Timers;
  readonly now: () => number;
  readonly sliceMs: number;
}

/**
 * 10 ms of reading, then the page may paint and take input before the next slice: a frame waits
 * at most that long plus its own work, well under the 50 ms past which a page feels stuck.
 * Reading a stroke costs 1.5–13 µs (3 to 60 points), so a slice reads about 1,000–6,000.
 */
export const SLICE_MS = 10;

const browserSlicing: Slicing = {
  timers: browserTimers,
  now: () => performance.now(),
  sliceMs: SLICE_MS,
};

/**
 * Changes to at most this many strokes at once are read at once, inside the document's own
 * event: a peer drawing, erasing or clearing a normal board. More (a board loading, a
 * hostile transaction of 200,000 strokes: 1–1.7 s of reading) are read in slices.
 */
export const IMMEDIATE_CHANGE = 256;
/**
 * A moved stroke is placed again, not decoded (a matrix through 40–60 points and a new box), and
 * a moved shape reads a few fields: about an eighth of reading a stroke, so a peer's move of
 * 1,000 elements is read at once too, not in slices with a loading bar.
 */
const MOVE_WEIGHT = 1 / 8;
/**
 * Changes to more strokes than this are merged into the drawing order in one pass: taking out
 * and inserting each one costs about 11 µs on a 10,000-element board (a splice each), 11 ms for
 * a peer's move of 1,000; one merge costs about 1 ms.
 */
const MERGE_ABOVE = 64;

const NO_POINTS = new Float32Array(0);

export class StrokeCache {
  readonly #doc: Y.Doc;
  readonly #onProblem: ProblemReporter | undefined;
  readonly #slicing: Slicing;
  readonly #strokes = new Map<string, CachedStroke>();
  /** The decoded points of strokes being drawn, grown by appends (growing-points.ts). */
  readonly #growing = new Map<string, GrowingPoints>();
  /** All strokes in drawing order; rebuilt lazily after a stroke is added or removed. */
  #ordered: CachedStroke[] | null = null;
  readonly #live = new Set<string>();
  /** The finished strokes, by where they are. */
  readonly #grid = new StrokeGrid<CachedStroke>();
  readonly #listeners = new Set<StrokeChangeListener>();
  /** Strokes changed by a big change, not read yet; read in slices. */
  readonly #queue = new Map<string, StrokeChangeKind>();
  #progress: LoadProgress | null = null;
  #timer: unknown = null;
  readonly #observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
    this.#changed(classifyStrokeChanges(events));

  constructor(doc: Y.Doc, onProblem?: ProblemReporter, slicing: Slicing = browserSlicing) {
    this.#doc = doc;
    this.#onProblem = onProblem;
    this.#slicing = slicing;
    const ids = new Map<string, StrokeChangeKind>();
    for (const id of strokesMap(doc).keys()) ids.set(id, 'changed');
    this.#changed(ids);
    strokesMap(doc).observeDeep(this.#observer);
  }

  get size(): number {
    return this.#strokes.size;
  }

  /** How far a big change has been read; null when every change has been read. */
  get progress(): LoadProgress | null {
    return this.#progress;
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
    return this.#finishedNear(area, limit)?.sort(compareStacking) ?? null;
  }

  /**
   * The finished strokes whose ink box touches `area`, in no order: for a caller that does not
   * draw them (box-selecting half of a 10,000-element board sorted 5,000 entries by z per move).
   */
  finishedInAnyOrder(area: Bounds): CachedStroke[] {
    return this.#finishedNear(area, Infinity) ?? [];
  }

  #finishedNear(area: Bounds, limit: number): CachedStroke[] | null {
    const near = this.#grid.near(area, limit);
    if (near === null) return null;
    const found: CachedStroke[] = [];
    for (const stroke of near) {
      if (boundsIntersect(stroke.bounds!, area)) found.push(stroke);
    }
    return found;
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
    if (this.#timer !== null) this.#slicing.timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue.clear();
    this.#listeners.clear();
  }

  #changed(kinds: ReadonlyMap<string, StrokeChangeKind>): void {
    if (weightOf(kinds) <= IMMEDIATE_CHANGE) {
      for (const id of kinds.keys()) this.#queue.delete(id);
      this.#read(kinds.entries(), Number.POSITIVE_INFINITY, kinds.size > MERGE_ABOVE);
      if (this.#progress && this.#queue.size === 0) this.#finishLoading();
      return;
    }
    for (const [id, kind] of kinds) {
      const queued = this.#queue.get(id);
      this.#queue.set(id, queued === undefined || queued === kind ? kind : 'changed');
    }
    const done = this.#progress?.done ?? 0;
    this.#progress = { done, total: done + this.#queue.size };
    this.#timer ??= this.#slicing.timers.setTimeout(() => this.#slice(), 0);
    this.#notify({ finished: false, live: false, appeared: [], vacated: [] });
  }

  /** Reads queued strokes for about one slice, then lets the page breathe. */
  #slice(): void {
    this.#timer = null;
    const deadline = this.#slicing.now() + this.#slicing.sliceMs;
    const queue = this.#queue;
    const before = queue.size;
    function* take(): Generator<[string, StrokeChangeKind]> {
      for (const [id, kind] of queue) {
        queue.delete(id);
        yield [id, kind];
      }
    }
    this.#read(take(), deadline, true);
    const total = this.#progress?.total ?? before;
    if (queue.size === 0) {
      this.#finishLoading();
      return;
    }
    this.#progress = { done: total - queue.size, total };
    this.#timer = this.#slicing.timers.setTimeout(() => this.#slice(), 0);
    this.#notify({ finished: false, live: false, appeared: [], vacated: [] });
  }

  #finishLoading(): void {
    this.#progress = null;
    this.#notify({ finished: false, live: false, appeared: [], vacated: [] });
  }

  /**
   * Reads strokes until `deadline` (performance.now()), then tells listeners what changed.
   * `merge`: many strokes, merged into the drawing order in one pass at the end.
   */
  #read(changes: Iterator<[string, StrokeChangeKind]>, deadline: number, merge: boolean): void {
    const bulk = Number.isFinite(deadline);
    // Strokes read in slices are merged into the drawing order once per slice: inserting one by
    // one moves array entries (50,000 strokes: 0.4 s), sorting all again per slice costs 50 ms.
    const ordered = merge ? this.#ordered : null;
    if (merge) this.#ordered = null;
    let finished = false;
    let live = false;
    const appeared: CachedStroke[] = [];
    const vacated: Bounds[] = [];
    const added: CachedStroke[] = [];
    // Whether an entry left the order other than by a replacement in its own place.
    let left = false;
    for (let next = changes.next(); !next.done; next = changes.next()) {
      const [id, kind] = next.value;
      const before = this.#strokes.get(id);
      if (before) this.#remove(before);
      const after = this.#readStroke(id, kind, before);
      // A move keeps its z: its new entry takes the old one's place, with no merge to follow
      // (a drag of 1,000 elements merged 10,000 entries on every write).
      const inPlace = ordered && before && after && replaceInOrder(ordered, before, after);
      if (!inPlace) {
        if (after) added.push(after);
        if (before) left = true;
      }
      finished ||= before?.done === true || after?.done === true;
      live ||= before?.done === false || after?.done === false;
      if (before?.done && before.bounds) vacated.push(before.bounds);
      if (after?.done) appeared.push(after);
      if (bulk && this.#slicing.now() >= deadline) break;
    }
    if (ordered) {
      this.#ordered =
        added.length > 0 || left ? mergeOrdered(ordered, added, this.#strokes) : ordered;
    }
    if (finished || live) this.#notify({ finished, live, appeared, vacated });
  }

  #notify(change: StrokeChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  /** The stroke as it is now, put in the cache; null (and not cached) if gone or malformed. */
  #readStroke(
    id: string,
    kind: StrokeChangeKind,
    before: CachedStroke | undefined,
  ): CachedStroke | null {
    const strokes = strokesMap(this.#doc);
    const growing = this.#growing.get(id);
    this.#growing.delete(id);
    if (!strokes.has(id)) return null;
    const entry = strokes.get(id);
    if (kind === 'moved' && before?.shape && before.done && entry instanceof Y.Map) {
      const moved = readMovedShape(before.shape, entry);
      if (moved !== null) return this.#put(before, moved.bounds, moved, null);
    }
    if (entry instanceof Y.Map && kindOf(entry) !== 'stroke') return this.#readShape(id, entry);
    if (kind === 'moved' && before?.ink && before.done && entry instanceof Y.Map) {
      const matrix = readMatrix(entry);
      if (matrix !== null) return this.#place(before, before.ink.points, matrix, before);
    }
    const record = readStrokeRecord(id, entry);
    if (!record.ok) {
      this.#onProblem?.({ strokeId: id, reason: record.reason });
      return null;
    }
    const meta = record.value.meta;
    let points = growing;
    if (kind !== 'appended' || !points?.append(record.value, this.#onProblem)) {
      points = new GrowingPoints(record.value, this.#onProblem);
    }
    if (!meta.done) this.#growing.set(id, points);
    const matrix = readMatrix(record.value.map);
    if (matrix === null) {
      this.#onProblem?.({ strokeId: id, reason: 'm is not an invertible matrix' });
      return null;
    }
    if (isIdentity(matrix)) {
      const ink = { points: points.points, matrix };
      return this.#put({ ...meta, points: points.points }, points.bounds, null, ink);
    }
    return this.#place(meta, points.points, matrix);
  }

  /**
   * A stroke's ink where `matrix` puts its stored `points` (a copy; widths are not scaled).
   * `before`: the entry it moved from. When the move is a translation (a drag), its box is
   * shifted and its paths are reused (render-strokes.ts), and the points are placed only when
   * something reads them (hit testing, a path built afresh): a drag of 500 strokes, or a peer's,
   * then reads no points at all. Placing them was a third of reading a move (366 of 1,090 ms).
   */
  #place(
    meta: StrokeMeta,
    points: Float32Array,
    matrix: Affine,
    before?: CachedStroke,
  ): CachedStroke {
    const ink = { points, matrix };
    const shift = before?.ink && translationBetween(before.ink.matrix, matrix);
    if (before?.bounds && shift) {
      const bounds = shiftBounds(before.bounds, shift);
      const place = () => transformPoints(points, matrix);
      return this.#put(pickMeta(meta), bounds, null, ink, shiftedPaths(before, shift), place);
    }
    const world = isIdentity(matrix) ? points : transformPoints(points, matrix);
    const view = { ...pickMeta(meta), points: world };
    return this.#put(view, strokeBounds({ points: world, width: meta.width }), null, ink);
  }

  /** A shape, text or note, or an unknown kind (reported, not cached). */
  #readShape(id: string, entry: Y.Map<unknown>): CachedStroke | null {
    const view = readEntry(id, entry, this.#onProblem);
    if (view === null || view.type === 'stroke') return null;
    const { color, width, author, z, done, createdAt, bounds } = view;
    const meta = { id, color, width, author, z, done, createdAt, points: NO_POINTS };
    return this.#put(meta, bounds, view, null);
  }

  /**
   * Caches an entry. `place`: the points are worked out on first read (see #place); the entry
   * then has them as a getter, which spreading it (`{ ...entry }`) reads like any field.
   */
  #put(
    view: StrokeView | StrokeMeta,
    bounds: Bounds | null,
    shape: ShapeElement | null,
    ink: CachedStroke['ink'],
    shifted: ShiftedPaths | null = null,
    place?: () => Float32Array,
  ): CachedStroke {
    const fields = { bounds, shape, ink, path: null, hairline: null, shifted };
    let stroke: CachedStroke;
    if (place) {
      let placed: Float32Array | null = null;
      stroke = {
        ...view,
        ...fields,
        get points() {
          return (placed ??= place());
        },
      };
    } else if ('points' in view) {
      stroke = { ...view, ...fields };
    } else {
      throw new Error(`stroke ${view.id}: an entry needs its points or a way to place them`);
    }
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

/** Puts `after` where `before` is in `ordered` when both stack alike; false when it cannot. */
function replaceInOrder(
  ordered: CachedStroke[],
  before: CachedStroke,
  after: CachedStroke,
): boolean {
  if (after.z !== before.z || after.id !== before.id) return false;
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStacking(ordered[middle]!, before) < 0) low = middle + 1;
    else high = middle;
  }
  if (ordered[low] !== before) return false;
  ordered[low] = after;
  return true;
}

/**
 * `ordered` without the strokes that left `current` (removed or replaced), merged with `added`:
 * one pass over the board and a sort of what a slice added.
 */
function mergeOrdered(
  ordered: readonly CachedStroke[],
  added: CachedStroke[],
  current: ReadonlyMap<string, CachedStroke>,
): CachedStroke[] {
  const kept = ordered.filter((stroke) => current.get(stroke.id) === stroke);
  const fresh = added.filter((stroke) => current.get(stroke.id) === stroke).sort(compareStacking);
  const merged: CachedStroke[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < fresh.length) {
    merged.push(compareStacking(kept[i]!, fresh[j]!) <= 0 ? kept[i++]! : fresh[j++]!);
  }
  while (i < kept.length) merged.push(kept[i++]!);
  while (j < fresh.length) merged.push(fresh[j++]!);
  return merged;
}

interface Shift {
  readonly dx: number;
  readonly dy: number;
}

/** How far `now` moves what `was` put somewhere, when that is all it changes; null otherwise. */
function translationBetween(was: Affine, now: Affine): Shift | null {
  if (was[0] !== now[0] || was[1] !== now[1] || was[2] !== now[2] || was[3] !== now[3]) {
    return null;
  }
  return { dx: now[4] - was[4], dy: now[5] - was[5] };
}

const shiftBounds = (b: Bounds, { dx, dy }: Shift): Bounds => ({
  minX: b.minX + dx,
  minY: b.minY + dy,
  maxX: b.maxX + dx,
  maxY: b.maxY + dy,
});

/** The paths of `before` to shift by `shift`; null when none were built since it was placed. */
function shiftedPaths(before: CachedStroke, { dx, dy }: Shift): ShiftedPaths | null {
  if (before.path !== null || before.hairline !== null) {
    return { path: before.path, hairline: before.hairline, dx, dy };
  }
  // Never drawn since its last move: shift what that one had, by both moves.
  const earlier = before.shifted;
  if (!earlier) return null;
  return { ...earlier, dx: earlier.dx + dx, dy: earlier.dy + dy };
}

/** What a change costs to read, in strokes decoded. */
function weightOf(kinds: ReadonlyMap<string, StrokeChangeKind>): number {
  let weight = 0;
  for (const kind of kinds.values()) weight += kind === 'moved' ? MOVE_WEIGHT : 1;
  return weight;
}

/** A stroke's own fields, without what the cache adds to its entry. */
const pickMeta = ({ id, color, width, author, z, done, createdAt }: StrokeMeta): StrokeMeta => ({
  id,
  color,
  width,
  author,
  z,
  done,
  createdAt,
});
