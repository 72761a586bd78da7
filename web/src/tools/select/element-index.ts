/**
 * The board's elements for the select tool, found through the renderer's own cache and grid
 * (canvas/stroke-cache.ts): where things are comes from the cache, which already keeps every
 * element's box up to date and finds those in an area without looking at the rest, so
 * box-selecting over 5,000 elements reads boxes, never points. The full element (stored points
 * and matrix, the transform fields a drag rewrites) is read from the document only for what is
 * picked or selected, and remembered until the cache holds a new entry for it: the cache makes
 * a new entry for every change (CachedStroke), so an entry that is still the same object means
 * an element that has not changed.
 */
import type * as Y from 'yjs';
import type { CachedStroke, StrokeCache } from '../../canvas/stroke-cache.ts';
import { readElement, type ElementView } from '../../model/elements.ts';
import type { Bounds } from '../../model/geometry.ts';
import type { ProblemReporter } from '../../model/schema.ts';

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
}

export class ElementIndex implements ElementSource {
  readonly #cache: StrokeCache;
  readonly #doc: Y.Doc;
  readonly #onProblem: ProblemReporter | undefined;
  readonly #read = new Map<
    string,
    { readonly entry: CachedStroke; readonly view: ElementView | null }
  >();

  constructor(cache: StrokeCache, doc: Y.Doc, onProblem?: ProblemReporter) {
    this.#cache = cache;
    this.#doc = doc;
    this.#onProblem = onProblem;
  }

  near(area: Bounds): Iterable<PlacedElement> {
    return this.#cache.finishedIn(area);
  }

  all(): Iterable<PlacedElement> {
    return this.#cache.ordered();
  }

  get(id: string): ElementView | null {
    const entry = this.#cache.get(id);
    if (!entry) {
      this.#read.delete(id);
      return null;
    }
    const known = this.#read.get(id);
    if (known?.entry === entry) return known.view;
    const view = readElement(this.#doc, id, this.#onProblem);
    this.#read.set(id, { entry, view });
    return view;
  }

  /** Forgets what it remembered of elements not asked for since (call when the selection changes). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#read.keys()) if (!ids.has(id)) this.#read.delete(id);
  }
}
