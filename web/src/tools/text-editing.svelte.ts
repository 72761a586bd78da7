/**
 * The text and sticky-note tools, and editing the words of any element: which element's words
 * are being typed into (the editing overlay, ui/TextEditor.svelte, binds a textarea to its
 * Y.Text), from placing or double-clicking it until Escape or a click elsewhere.
 *
 * Placing a box and typing into it is one undo step; so is each later editing session. A text
 * box left empty is removed when editing ends (and a box just placed leaves no undo step);
 * notes and shapes stay, their words are only a label.
 */
import type { Vec } from '../model/geometry.ts';
import {
  NOTE_SIZE,
  createShape,
  createText,
  deleteElements,
  fontSizeOf,
  readElement,
  setTransform,
} from '../model/elements.ts';
import { LINE_HEIGHT, textBoxSize, type Measure } from '../canvas/text-layout.ts';
import { INK } from './palette.ts';
import { clampWidth, randomStrokeId, type DrawingTarget } from './pen.ts';

export type TextTool = 'text' | 'note';

export const isTextTool = (tool: string): tool is TextTool => tool === 'text' || tool === 'note';

export interface TextStyle {
  readonly color: string;
  /** CSS pixels of the width setting: the font size follows it (FONT_PER_WIDTH). */
  readonly pixels: number;
  readonly zoom: number;
}

/** A note in the default ink would be a black square: it takes this paper instead. */
export const NOTE_PAPER = '#ffd43b';

type EditState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'editing'; readonly id: string; readonly placed: boolean };

const IDLE: EditState = { kind: 'idle' };

export class TextEditing {
  readonly #target: DrawingTarget;
  readonly #newId: () => string;
  #state = $state.raw<EditState>(IDLE);

  constructor(target: DrawingTarget, newId: () => string = randomStrokeId) {
    this.#target = target;
    this.#newId = newId;
  }

  /** The element whose words are being edited, or null. */
  get editing(): string | null {
    return this.#state.kind === 'editing' ? this.#state.id : null;
  }

  /** Places a text box (its first line centred on `at`) or a note (centred on it), and edits it. */
  place(tool: TextTool, at: Vec, style: TextStyle): string {
    this.end();
    const { doc, origin, author, history } = this.#target;
    const width = clampWidth(style.pixels / style.zoom);
    const id = this.#newId();
    history.beginStep();
    if (tool === 'text') {
      const lineHeight = fontSizeOf(width) * LINE_HEIGHT;
      createText(
        doc,
        {
          id,
          color: style.color,
          width,
          author,
          x: at.x,
          y: at.y - lineHeight / 2,
          w: fontSizeOf(width),
          h: lineHeight,
        },
        origin,
      );
    } else {
      const side = NOTE_SIZE / style.zoom;
      const color = style.color === INK ? NOTE_PAPER : style.color;
      const box = { x: at.x - side / 2, y: at.y - side / 2, w: side, h: side };
      createShape(doc, { id, type: 'note', color, width, author, ...box }, origin);
    }
    this.#state = { kind: 'editing', id, placed: true };
    return id;
  }

  /** Edits the words of an existing element (a double-click); false for strokes or none. */
  edit(id: string): boolean {
    if (this.editing === id) return true;
    const view = readElement(this.#target.doc, id);
    if (view === null || view.type === 'stroke') return false;
    this.end();
    this.#target.history.beginStep();
    this.#state = { kind: 'editing', id, placed: false };
    return true;
  }

  /**
   * After the words changed here: a text box grows or shrinks to fit them (a note or a shape
   * keeps its size and wraps). Written with this page's origin, in the same undo step.
   */
  fit(measureAt: (fontSize: number) => Measure): void {
    const id = this.editing;
    if (id === null) return;
    const view = readElement(this.#target.doc, id);
    if (view?.type !== 'text') return;
    const fontSize = fontSizeOf(view.width);
    const { w, h } = textBoxSize(view.text, fontSize, measureAt(fontSize));
    if (w === view.w && h === view.h) return;
    const patch = { kind: 'box', x: view.x, y: view.y, w, h, rot: view.rot } as const;
    setTransform(this.#target.doc, id, patch, this.#target.origin);
  }

  /** Stops editing; a text box left empty is removed. */
  end(): void {
    const state = this.#state;
    if (state.kind !== 'editing') return;
    this.#state = IDLE;
    const { doc, origin, history } = this.#target;
    const view = readElement(doc, state.id);
    if (view?.type === 'text' && view.text.trim() === '') {
      deleteElements(doc, [state.id], origin);
      // Placed and removed in one step: nothing happened, and undo should not say otherwise.
      if (state.placed) history.dropCurrentStep();
    }
    history.beginStep();
  }
}
