/**
 * A version shown on the board instead of the live one: its own stroke cache and renderer over
 * the version's document, looked at through the board's camera (so pan and zoom carry over both
 * ways), with input that can only pan and zoom. It never touches the live document.
 */
import type * as Y from 'yjs';
import { BoardRenderer } from '../canvas/board-renderer.ts';
import type { Camera } from '../canvas/camera.svelte.ts';
import type { ColorMapper } from '../canvas/render-strokes.ts';
import { StrokeCache } from '../canvas/stroke-cache.ts';
import { warnOncePerProblem } from '../model/problem-warnings.ts';
import { BoardInput } from '../tools/board-input.svelte.ts';
import { randomStrokeId } from '../tools/pen.ts';
import { ElementIndex } from '../tools/select/element-index.ts';
import { SelectTool } from '../tools/select/select-tool.svelte.ts';
import { ToolSettings } from '../tools/settings.svelte.ts';
import { TextEditing } from '../tools/text-editing.svelte.ts';
import { browserTimers } from '../timing/timers.ts';

export interface VersionViewerOptions {
  readonly doc: Y.Doc;
  readonly camera: Camera;
  /** Read on every frame: the ink's colour follows the theme, as on the live board. */
  readonly color: () => ColorMapper;
}

/** Nothing is drawn here, so there are no steps to undo. */
const NO_STEPS = { beginStep: () => {}, dropCurrentStep: () => {}, revertCurrentStep: () => {} };

export class VersionViewer {
  readonly strokes: StrokeCache;
  readonly renderer: BoardRenderer;
  readonly input: BoardInput;
  readonly #stopEffects: () => void;

  constructor({ doc, camera, color }: VersionViewerOptions) {
    this.strokes = new StrokeCache(doc, warnOncePerProblem());
    // Not editable: the hand for good, whatever key is pressed (tools/settings.svelte.ts).
    const settings = new ToolSettings(false);
    // The hand is the only tool here, so the select and text tools never act; BoardInput takes
    // them all the same, over the version's own document, never the live one.
    const target = { doc, origin: {}, author: '', history: NO_STEPS };
    this.input = new BoardInput({
      camera,
      settings,
      target,
      select: new SelectTool({
        ...target,
        elements: () => new ElementIndex(this.strokes),
        newId: randomStrokeId,
        timers: browserTimers,
        onChange: () => {},
      }),
      text: new TextEditing(target),
      strokes: () => [],
      onLiveChange: () => this.renderer.invalidate('live'),
    });
    this.renderer = new BoardRenderer({
      strokes: this.strokes,
      get viewport() {
        return camera.viewport;
      },
      get size() {
        return camera.size;
      },
      get color() {
        return color();
      },
      localStrokeId: null,
      localInk: null,
      eraser: null,
      decorations: [],
    });
    this.#stopEffects = $effect.root(() => {
      $effect(() => {
        void camera.viewport;
        void camera.size;
        this.renderer.invalidate();
      });
      $effect(() => {
        void color();
        this.renderer.repaint();
      });
    });
  }

  get cursor(): 'grab' | 'grabbing' {
    return this.input.gesture === 'idle' ? 'grab' : 'grabbing';
  }

  destroy(): void {
    this.#stopEffects();
    this.renderer.destroy();
    this.strokes.destroy();
  }
}
