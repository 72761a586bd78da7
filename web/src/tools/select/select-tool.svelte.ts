/**
 * The select tool: what is selected, and the pointer gestures and commands that act on it.
 * No DOM: BoardInput hands it world points, BoardActions its commands, the clipboard events
 * their text; it writes through selection-edits.ts with this page's origin.
 *
 * One undo step per gesture: `history.beginStep()` at pointerdown and before every command
 * closes the step before, and the undo manager's infinite capture (model/undo.ts) gathers all
 * of a drag's writes, however many, into the one step that follows.
 */
import type * as Y from 'yjs';
import type { ElementView } from '../../model/elements.ts';
import { deleteElements } from '../../model/elements.ts';
import type { Bounds, Vec } from '../../model/geometry.ts';
import { compareStacking } from '../../model/strokes.ts';
import { IDENTITY, type Affine } from '../../model/transform.ts';
import { throttle, type Throttled } from '../../presence/throttle.ts';
import type { Timers } from '../../timing/timers.ts';
import { decodePayload, encodePayload } from './clipboard-payload.ts';
import type { ElementSource } from './element-index.ts';
import {
  PICK_TOLERANCE_PX,
  boxBetween,
  elementsInBox,
  pickTopmost,
  selectionFrame,
  idSet,
  toggled,
} from './select-geometry.ts';
import {
  dragTransform,
  frameBounds,
  handleAt,
  insideFrame,
  movedFrame,
  type DragKind,
  type OrientedFrame,
  type PointerKind,
} from './oriented-frame.ts';
import {
  pasteElements,
  restackElements,
  transformElements,
  type StackDirection,
} from './selection-edits.ts';

/**
 * Moves, resizes and rotations are written at most this often: the cursor's rate (30 Hz,
 * presence/local-presence.ts), so peers see the drag as smoothly as the pointer, and a drag of
 * 1,000 elements does not write 1,000 transforms on every one of 120 pointer events a second.
 */
export const DRAG_WRITE_INTERVAL_MS = 1000 / 30;
/** Duplicates land this many screen pixels down and right of the originals. */
export const DUPLICATE_OFFSET_PX = 16;

export interface SelectToolOptions {
  readonly doc: Y.Doc;
  readonly origin: object;
  readonly history: { beginStep(): void; revertCurrentStep(): void };
  /** The board's elements; asked for on first use (element-index.ts is built lazily). */
  readonly elements: () => ElementSource;
  readonly author: string;
  readonly newId: () => string;
  readonly timers: Timers;
  /** The selection or a drag changed: redraw the overlay, publish to peers. */
  readonly onChange: () => void;
}

/**
 * What the pointer is doing with the select tool. `before` is the selection as it was before
 * pointerdown, for `abandon`.
 */
type Drag =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'box';
      readonly start: Vec;
      now: Vec;
      readonly adding: ReadonlySet<string>;
      readonly before: ReadonlySet<string>;
    }
  | {
      readonly kind: 'transform';
      readonly drag: DragKind;
      /** As it was at pointerdown: the drag's geometry does not follow its own writes. */
      readonly frame: OrientedFrame;
      readonly start: Vec;
      /** The selected elements as they were at pointerdown: every write starts from these. */
      readonly views: readonly ElementView[];
      matrix: Affine;
      /** Whether the document was written: only then is there an undo step to take back. */
      written: boolean;
      /** What the last write moved the selection by, while it is being written; else null. */
      writing: Affine | null;
      readonly before: ReadonlySet<string>;
    };

const NO_DRAG: Drag = { kind: 'none' };

export class SelectTool {
  readonly #options: SelectToolOptions;
  #ids = $state.raw<ReadonlySet<string>>(idSet([]));
  /**
   * orientedFrame() as last worked out (frame() is its world box); null when the selection or
   * the document changed since: worked out once per change rather than on every frame drawn and
   * every pointer move (972 selected elements: 215 of a drag's 370 ms of frames were the
   * overlay asking again, profiled).
   */
  #frame: { readonly frame: OrientedFrame | null } | null = null;
  readonly #forgetFrame = () => (this.#frame = this.#frameWhileWriting());
  #drag: Drag = NO_DRAG;
  readonly #write: Throttled<Affine>;

  constructor(options: SelectToolOptions) {
    this.#options = options;
    this.#write = throttle((m) => this.#writeTransform(m), DRAG_WRITE_INTERVAL_MS, options.timers);
    // Registered before anyone who asks for the frame after a transaction (board-session.svelte.ts).
    options.doc.on('afterTransaction', this.#forgetFrame);
  }

  /** The selected ids that still name an element, in no order. */
  get ids(): ReadonlySet<string> {
    return this.#ids;
  }

  /** The selected elements that exist, bottom to top. */
  selected(): ElementView[] {
    return this.#existing().sort(compareStacking);
  }

  /**
   * The frame around the selection, turned with one element alone that has a rotation; null
   * when nothing is selected. Asked on every pointer move of a box-select and every frame of a
   * drag: in no order, as a frame does not need one (5,000 selected elements were sorted by z
   * each time).
   */
  orientedFrame(): OrientedFrame | null {
    this.#frame ??= { frame: selectionFrame(this.#existing()) };
    return this.#frame.frame;
  }

  /** The world box around the selection's frame (what peers see); null when nothing is selected. */
  frame(): Bounds | null {
    const frame = this.orientedFrame();
    return frame && frameBounds(frame);
  }

  /** The selected elements that exist, in no order. */
  #existing(): ElementView[] {
    const source = this.#options.elements();
    const views: ElementView[] = [];
    for (const id of this.#ids) {
      const view = source.get(id);
      if (view) views.push(view);
    }
    return views;
  }

  /** The selection box being dragged out, if any, for the overlay. */
  get box(): Bounds | null {
    return this.#drag.kind === 'box' ? boxBetween(this.#drag.start, this.#drag.now) : null;
  }

  get dragging(): boolean {
    return this.#drag.kind !== 'none';
  }

  /** Replaces the selection. */
  select(ids: Iterable<string>): void {
    this.#setIds(idSet(ids));
    this.#options.onChange();
  }

  clear(): void {
    if (this.#ids.size > 0) this.select([]);
  }

  selectAll(): void {
    const ids: string[] = [];
    for (const placed of this.#options.elements().all()) if (placed.done) ids.push(placed.id);
    this.select(ids);
  }

  /** Forgets ids whose element is gone (erased here, by a peer, or undone). */
  prune(): void {
    const source = this.#options.elements();
    const kept = [...this.#ids].filter((id) => source.has(id));
    if (kept.length !== this.#ids.size) this.select(kept);
  }

  // ─── Pointer ────────────────────────────────────────────────────────────────────────────

  /** Pointerdown at `world`, with the board at `zoom`. */
  down(world: Vec, zoom: number, pointer: PointerKind, shift: boolean): void {
    this.#options.history.beginStep();
    const before = this.#ids;
    const source = this.#options.elements();
    const frame = this.orientedFrame();
    const handle = frame && handleAt(frame, world, zoom, pointer);
    if (frame && handle) {
      this.#startTransform(handle, frame, world, before);
      return;
    }
    const hit = pickTopmost(source, world, PICK_TOLERANCE_PX[pointer] / zoom);
    if (hit && shift) {
      this.select(toggled(this.#ids, hit.id));
      return;
    }
    if (hit) {
      if (!this.#ids.has(hit.id)) this.select([hit.id]);
    } else if (!(frame && !shift && insideFrame(frame, world))) {
      // On the empty board: a selection box, adding to the selection with Shift.
      const adding = shift ? this.#ids : idSet([]);
      if (!shift) this.clear();
      this.#drag = { kind: 'box', start: world, now: world, adding, before };
      this.#options.onChange();
      return;
    }
    const moved = this.orientedFrame();
    if (moved) this.#startTransform({ kind: 'move' }, moved, world, before);
  }

  move(world: Vec, shift: boolean): void {
    const drag = this.#drag;
    if (drag.kind === 'box') {
      drag.now = world;
      const caught = elementsInBox(this.#options.elements(), boxBetween(drag.start, world));
      this.#setIds(idSet([...drag.adding, ...caught]));
      this.#options.onChange();
    } else if (drag.kind === 'transform') {
      drag.matrix = dragTransform(drag.drag, drag.frame, drag.start, world, shift);
      this.#write.push(drag.matrix);
      this.#options.onChange();
    }
  }

  up(world: Vec, shift: boolean): void {
    this.move(world, shift);
    this.#write.flush();
    this.#drag = NO_DRAG;
    this.#options.onChange();
  }

  /** The gesture ends where it is (a second finger, the tool put down). */
  cancel(): void {
    this.#write.flush();
    this.#drag = NO_DRAG;
    this.#options.onChange();
  }

  /**
   * The gesture is taken back (a second finger turned it into a pinch): the elements return
   * exactly to where they were, the selection to what it was, and no undo step is left.
   */
  abandon(): void {
    const drag = this.#drag;
    this.#write.cancel();
    this.#drag = NO_DRAG;
    if (drag.kind === 'transform' && drag.written) this.#options.history.revertCurrentStep();
    if (drag.kind !== 'none') this.#setIds(drag.before);
    this.#options.onChange();
  }

  /** The one way the selection changes: the frame worked out for the old one goes with it. */
  #setIds(ids: ReadonlySet<string>): void {
    this.#ids = ids;
    this.#frame = null;
  }

  // ─── Commands ───────────────────────────────────────────────────────────────────────────

  /** Moves the selection by `by` world units, as one undo step. */
  nudge(by: Vec): void {
    this.#transform([1, 0, 0, 1, by.x, by.y]);
  }

  delete(): number {
    if (this.#ids.size === 0) return 0;
    this.#options.history.beginStep();
    const removed = deleteElements(this.#options.doc, this.#ids, this.#options.origin);
    this.select([]);
    return removed;
  }

  /** Copies of the selection, offset down and right, selected instead. */
  duplicate(zoom: number): void {
    const frame = this.frame();
    if (!frame) return;
    const offset = DUPLICATE_OFFSET_PX / zoom;
    const centre = {
      x: (frame.minX + frame.maxX) / 2 + offset,
      y: (frame.minY + frame.maxY) / 2 + offset,
    };
    this.#paste(encodePayload(this.selected()), centre);
  }

  restack(direction: StackDirection): void {
    if (this.#ids.size === 0) return;
    this.#options.history.beginStep();
    const all = [...this.#options.elements().all()];
    restackElements(this.#options.doc, all, this.#ids, direction, this.#options.origin);
  }

  /** The clipboard text for the selection; null when nothing is selected. */
  copy(): string | null {
    const views = this.selected();
    return views.length > 0 ? encodePayload(views) : null;
  }

  /** Copies, then deletes, the selection. */
  cut(): string | null {
    const text = this.copy();
    if (text !== null) this.delete();
    return text;
  }

  /**
   * Pastes clipboard text centred on `at` and selects what it added. False when the text is
   * not elements (the caller leaves it to the browser); malformed elements are skipped and
   * counted in `skipped`.
   */
  paste(text: string, at: Vec): { pasted: number; skipped: number } | false {
    return this.#paste(text, at);
  }

  #paste(text: string, at: Vec): { pasted: number; skipped: number } | false {
    const decoded = decodePayload(text);
    if (!decoded.ok) return false;
    this.#options.history.beginStep();
    const { doc, origin, author, newId } = this.#options;
    const ids = pasteElements(doc, decoded.payload, at, { author, newId }, origin);
    this.select(ids);
    return { pasted: ids.length, skipped: decoded.skipped };
  }

  #transform(m: Affine): void {
    const views = this.selected();
    if (views.length === 0) return;
    this.#options.history.beginStep();
    transformElements(this.#options.doc, views, m, this.#options.origin);
    this.#options.onChange();
  }

  #startTransform(
    drag: DragKind,
    frame: OrientedFrame,
    world: Vec,
    before: ReadonlySet<string>,
  ): void {
    this.#drag = {
      kind: 'transform',
      drag,
      frame,
      start: world,
      views: this.selected(),
      matrix: IDENTITY,
      written: false,
      writing: null,
      before,
    };
    this.#options.onChange();
  }

  #writeTransform(m: Affine): void {
    const drag = this.#drag;
    if (drag.kind !== 'transform') return;
    drag.writing = m;
    try {
      if (transformElements(this.#options.doc, drag.views, m, this.#options.origin) > 0) {
        drag.written = true;
      }
    } finally {
      drag.writing = null;
    }
  }

  /**
   * The frame a move's own write leaves: the one at pointerdown, moved as far. Worked out from
   * the elements instead, a drag of 972 spent 167 of its 2,150 ms of writing on it (profiled).
   * Null (work it out again) for anything else: a resize or rotation, a peer's change.
   */
  #frameWhileWriting(): { readonly frame: OrientedFrame } | null {
    const drag = this.#drag;
    if (drag.kind !== 'transform' || drag.drag.kind !== 'move' || drag.writing === null)
      return null;
    const m = drag.writing;
    if (m[0] !== 1 || m[1] !== 0 || m[2] !== 0 || m[3] !== 1) return null;
    return { frame: movedFrame(drag.frame, m[4], m[5]) };
  }

  destroy(): void {
    this.#write.cancel();
    this.#options.doc.off('afterTransaction', this.#forgetFrame);
  }
}
