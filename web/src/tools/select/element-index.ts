/**
 * The board's elements by id and by place, for the select tool: which element is under the
 * pointer, which lie in a selection box. Kept up to date from the document's own changes,
 * re-reading only the elements a change touched (model/changes.ts), and found by area through
 * the same multi-level grid the renderer culls with (canvas/stroke-grid.ts), so box-selecting
 * over 5,000 elements looks at the cells the box covers, not at every element.
 *
 * Built on the select tool's first use: a board nobody selects on never pays for it.
 */
import type * as Y from 'yjs';
import { StrokeGrid } from '../../canvas/stroke-grid.ts';
import { changedStrokeIds } from '../../model/changes.ts';
import { listElements, readElement, type ElementView } from '../../model/elements.ts';
import type { Bounds } from '../../model/geometry.ts';
import { strokesMap, type ProblemReporter } from '../../model/schema.ts';

/** What the select tool reads of the board. */
export interface ElementSource {
  /** Elements whose bounds may meet `area` (a superset: test the bounds), in no order. */
  near(area: Bounds): Iterable<ElementView>;
  get(id: string): ElementView | null;
  /** Every element, in no order. */
  all(): Iterable<ElementView>;
}

export class ElementIndex implements ElementSource {
  readonly #doc: Y.Doc;
  readonly #onProblem: ProblemReporter | undefined;
  readonly #byId = new Map<string, ElementView>();
  readonly #grid = new StrokeGrid<ElementView>();
  readonly #observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const id of changedStrokeIds(events)) this.#reread(id);
  };

  constructor(doc: Y.Doc, onProblem?: ProblemReporter) {
    this.#doc = doc;
    this.#onProblem = onProblem;
    for (const view of listElements(doc, onProblem)) this.#add(view);
    strokesMap(doc).observeDeep(this.#observer);
  }

  get size(): number {
    return this.#byId.size;
  }

  near(area: Bounds): Iterable<ElementView> {
    return this.#grid.near(area) ?? [];
  }

  get(id: string): ElementView | null {
    return this.#byId.get(id) ?? null;
  }

  all(): Iterable<ElementView> {
    return this.#byId.values();
  }

  destroy(): void {
    strokesMap(this.#doc).unobserveDeep(this.#observer);
  }

  #reread(id: string): void {
    const old = this.#byId.get(id);
    if (old) {
      this.#grid.remove(old);
      this.#byId.delete(id);
    }
    const view = readElement(this.#doc, id, this.#onProblem);
    if (view) this.#add(view);
  }

  #add(view: ElementView): void {
    this.#byId.set(view.id, view);
    this.#grid.add(view);
  }
}
