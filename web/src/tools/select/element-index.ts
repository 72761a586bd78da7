/**
 * The board's elements for the select tool, found through the renderer's own cache and grid
 * (canvas/stroke-cache.ts): where things are comes from the cache, which already keeps every
 * element's box up to date and finds those in an area without looking at the rest, so
 * box-selecting over 5,000 elements reads boxes, never points. The full element (stored points
 * and matrix, the transform fields a drag rewrites) is made from the cache's entry too, never
 * read from the document: the cache holds a shape's fields and a stroke's stored points and
 * matrix, so a drag of 1,000 elements, which gives each a new entry on every write, no longer
 * decodes 1,000 strokes per frame to draw the selection frame. It is remembered until the cache
 * holds a new entry for the element (an entry that is the same object: nothing changed).
 */
import type { CachedStroke, StrokeCache } from '../../canvas/stroke-cache.ts';
import { strokeElement, type ElementView } from '../../model/elements.ts';
import type { Bounds } from '../../model/geometry.ts';

/** Where an element is, and whether its author has finished it: all a box needs. */
export interface PlacedElement {
  readonly id: string;
  readonly z: number;
  readonly done: boolean;
  /** Null for a stroke without points. */
  readonly bounds: Bounds | null;
}

/** What the select tool reads of the board. */
export interface ElementSource {
  /** Finished elements whose bounds meet `area`, in no particular order. */
  near(area: Bounds): Iterable<PlacedElement>;
  /** Every element, finished or not, in no particular order. */
  all(): Iterable<PlacedElement>;
  /** The element as the document has it now; null when it is gone or unreadable. */
  get(id: string): ElementView | null;
  /** Whether the board has the element: get() without making its view. */
  has(id: string): boolean;
}

export class ElementIndex implements ElementSource {
  readonly #cache: StrokeCache;
  readonly #read = new Map<
    string,
    { readonly entry: CachedStroke; readonly view: ElementView | null }
  >();

  constructor(cache: StrokeCache) {
    this.#cache = cache;
  }

  near(area: Bounds): Iterable<PlacedElement> {
    return this.#cache.finishedInAnyOrder(area);
  }

  all(): Iterable<PlacedElement> {
    return this.#cache.ordered();
  }

  has(id: string): boolean {
    return this.#cache.get(id) !== undefined;
  }

  get(id: string): ElementView | null {
    const entry = this.#cache.get(id);
    if (!entry) {
      this.#read.delete(id);
      return null;
    }
    const known = this.#read.get(id);
    if (known?.entry === entry) return known.view;
    const view = viewOf(entry);
    this.#read.set(id, { entry, view });
    return view;
  }

  /** Forgets what it remembered of elements not asked for since (call when the selection changes). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#read.keys()) if (!ids.has(id)) this.#read.delete(id);
  }
}

/** The element a cache entry was read from; null for a stroke entry without its ink. */
function viewOf(entry: CachedStroke): ElementView | null {
  if (entry.shape) return entry.shape;
  if (!entry.ink) return null;
  const { id, color, width, author, z, done, createdAt } = entry;
  const { points, matrix } = entry.ink;
  const stroke = { id, color, width, author, z, done, createdAt, points, matrix };
  // The cache has the world points and box already; only a stroke without points needs more.
  if (entry.bounds === null) return strokeElement(stroke);
  // Read through: a dragged stroke's entry places its points only when asked (stroke-cache.ts).
  return {
    ...stroke,
    type: 'stroke',
    get worldPoints() {
      return entry.points;
    },
    bounds: entry.bounds,
  };
}
