import type * as Y from 'yjs';
import { clearBoard } from '../model/strokes.ts';
import { createUndoManager } from '../model/undo.ts';

/**
 * This user's undo and redo. Only changes made with `origin` are tracked (model/undo.ts), so
 * undo never touches another person's strokes. canUndo / canRedo are reactive for the buttons.
 */
export class History {
  readonly origin: object;
  readonly #doc: Y.Doc;
  readonly #manager: Y.UndoManager;
  #canUndo = $state(false);
  #canRedo = $state(false);
  readonly #refresh = () => {
    this.#canUndo = this.#manager.canUndo();
    this.#canRedo = this.#manager.canRedo();
  };

  constructor(doc: Y.Doc, origin: object) {
    this.#doc = doc;
    this.origin = origin;
    this.#manager = createUndoManager(doc, origin);
    this.#manager.on('stack-item-added', this.#refresh);
    this.#manager.on('stack-item-popped', this.#refresh);
    this.#manager.on('stack-cleared', this.#refresh);
  }

  get canUndo(): boolean {
    return this.#canUndo;
  }

  get canRedo(): boolean {
    return this.#canRedo;
  }

  /** Call at the start of every gesture: everything until the next call is one undo step. */
  beginStep(): void {
    this.#manager.stopCapturing();
  }

  /**
   * Forgets the step in progress after its own changes were reverted (a stroke abandoned when a
   * second finger turned it into a pinch), so the next undo does not spend a press on nothing.
   */
  dropCurrentStep(): void {
    this.#manager.undoStack.pop();
    this.#manager.stopCapturing();
    this.#refresh();
  }

  /**
   * Takes back the step in progress exactly, as undo would, and forgets it, so neither undo nor
   * redo offers it (a move abandoned when a second finger turned it into a pinch). Only after
   * the step has changed something: with nothing written, the step on top is an older one.
   */
  revertCurrentStep(): void {
    this.#manager.undo();
    this.#manager.redoStack.pop();
    this.#manager.stopCapturing();
    this.#refresh();
  }

  undo(): void {
    this.#manager.undo();
  }

  redo(): void {
    this.#manager.redo();
  }

  /** Removes every stroke for everyone, as one undoable step. */
  clear(): number {
    this.#manager.stopCapturing();
    const removed = clearBoard(this.#doc, this.origin);
    this.#manager.stopCapturing();
    return removed;
  }

  destroy(): void {
    this.#manager.destroy();
  }
}
