/**
 * What the board's buttons and shortcuts do, and the dialogs and notice they open: one place
 * that turns an Action (tools/shortcuts.ts) or a button into a change of the session.
 */
import type { CachedStroke } from '../canvas/stroke-cache.ts';
import { downloadBlob } from '../export/download.ts';
import { exportFileName, type ExportFormat } from '../export/file-name.ts';
import { boardPng } from '../export/png.ts';
import { boardSvg } from '../export/svg.ts';
import { unionBounds } from '../model/geometry.ts';
import { actionFor, isTypingTarget, type Action, type KeyPress } from '../tools/shortcuts.ts';
import { isToolAction, toolOf } from '../tools/tool-table.ts';
import { nudgeVector } from '../tools/select/select-geometry.ts';
import { unreachable } from '../unreachable.ts';
import type { BoardSession } from './board-session.svelte.ts';

/** How the board becomes a file on the user's disk; a test gives its own. */
export interface Exporter {
  image(
    format: ExportFormat,
    strokes: readonly CachedStroke[],
    color: (color: string) => string,
  ): Promise<Blob>;
  save(blob: Blob, fileName: string): void;
}

export const browserExporter: Exporter = {
  image: async (format, strokes, color) =>
    format === 'svg'
      ? new Blob([boardSvg(strokes, undefined, color)], { type: 'image/svg+xml' })
      : boardPng(strokes, undefined, color),
  save: downloadBlob,
};

/** A key press as the window delivers it; the parts the shortcuts read. */
export interface BoardKeydown extends KeyPress {
  readonly defaultPrevented: boolean;
  readonly repeat: boolean;
  readonly target: EventTarget | null;
  preventDefault(): void;
}

type Session = Pick<
  BoardSession,
  | 'name'
  | 'settings'
  | 'input'
  | 'history'
  | 'camera'
  | 'strokes'
  | 'colors'
  | 'select'
  | 'presence'
>;

/** A clipboard event as the window delivers it; the parts copy, cut and paste read. */
export interface BoardClipboardEvent {
  readonly type: string;
  readonly defaultPrevented: boolean;
  readonly target: EventTarget | null;
  readonly clipboardData: Pick<DataTransfer, 'getData' | 'setData'> | null;
  preventDefault(): void;
}

export class BoardActions {
  readonly #session: Session;
  readonly #exporter: Exporter;
  #helpOpen = $state(false);
  #confirmingClear = $state(false);
  #notice = $state<string | null>(null);

  constructor(session: Session, exporter: Exporter = browserExporter) {
    this.#session = session;
    this.#exporter = exporter;
  }

  get helpOpen(): boolean {
    return this.#helpOpen;
  }

  /** The "clear the board?" dialog is open. */
  get confirmingClear(): boolean {
    return this.#confirmingClear;
  }

  /** A problem to tell the user (an export that failed), until dismissed. */
  get notice(): string | null {
    return this.#notice;
  }

  /** `press`: the key that asked, for what depends on it (an arrow's direction, Shift). */
  run(action: Action, press?: KeyPress): void {
    const { settings, input, history, camera, select } = this.#session;
    if (isToolAction(action)) {
      settings.tool = toolOf(action);
      return;
    }
    switch (action) {
      case 'undo':
        // Undo mid-stroke would take back the stroke being drawn (model/undo.ts).
        if (!input.busy && settings.editable) history.undo();
        return;
      case 'redo':
        if (!input.busy && settings.editable) history.redo();
        return;
      case 'zoom-in':
        camera.zoomIn();
        return;
      case 'zoom-out':
        camera.zoomOut();
        return;
      case 'zoom-fit':
        this.zoomToFit();
        return;
      case 'zoom-reset':
        camera.resetZoom();
        return;
      case 'help':
        this.openHelp();
        return;
      case 'select-all':
        if (!settings.editable || input.busy) return;
        settings.tool = 'select';
        select.selectAll();
        return;
      case 'delete':
        if (settings.editable && !input.busy) select.delete();
        return;
      case 'duplicate':
        if (settings.editable && !input.busy) select.duplicate(camera.viewport.zoom);
        return;
      case 'bring-forward':
      case 'send-backward':
        if (settings.editable && !input.busy)
          select.restack(action === 'bring-forward' ? 'forward' : 'backward');
        return;
      case 'nudge': {
        const by = press && nudgeVector(press.key, press.shiftKey, camera.viewport.zoom);
        if (by && settings.editable && !input.busy) select.nudge(by);
        return;
      }
      case 'escape':
        select.clear();
        this.#session.presence.follow(null);
        return;
      // The browser's clipboard events carry these (clipboard below), never a key press.
      case 'copy':
      case 'cut':
      case 'paste':
        return;
      default:
        unreachable('action', action);
    }
  }

  /** For the window's keydown: runs the shortcut the key press names, if any. */
  keydown = (event: BoardKeydown): void => {
    if (event.defaultPrevented || event.repeat || isTypingTarget(event.target)) return;
    // An open dialog owns the keyboard (Escape closes it).
    if (this.#helpOpen || this.#confirmingClear) return;
    const action = actionFor(event);
    if (action === null) return;
    event.preventDefault();
    this.run(action, event);
  };

  /**
   * For the window's copy, cut and paste events: the selection as clipboard text, and pasted
   * elements at the pointer (the view's centre when the pointer is off the board). Anything
   * else (a text field's, words pasted on the board) is left to the browser.
   */
  clipboard = (event: BoardClipboardEvent): void => {
    if (event.defaultPrevented || isTypingTarget(event.target) || !event.clipboardData) return;
    const { settings, select, input, camera } = this.#session;
    if (event.type === 'copy' || event.type === 'cut') {
      const editable = settings.editable && !input.busy;
      const text = event.type === 'cut' && editable ? select.cut() : select.copy();
      if (text === null) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    } else if (event.type === 'paste' && settings.editable && !input.busy) {
      const at = input.pointerWorld ?? camera.toWorld(centreOf(camera.size));
      const pasted = select.paste(event.clipboardData.getData('text/plain'), at);
      if (pasted === false) return;
      event.preventDefault();
      settings.tool = 'select';
      if (pasted.skipped > 0) {
        console.warn(`Paste skipped ${pasted.skipped} malformed elements`);
        this.#notice = `Pasted ${pasted.pasted} elements; ${pasted.skipped} could not be read and were left out.`;
      }
    }
  };

  zoomToFit(): void {
    const { camera, strokes } = this.#session;
    camera.fit(unionBounds(strokes.ordered().map((stroke) => stroke.bounds)));
  }

  openHelp(): void {
    this.#helpOpen = true;
  }

  closeHelp(): void {
    this.#helpOpen = false;
  }

  askToClear(): void {
    if (this.#session.settings.editable) this.#confirmingClear = true;
  }

  cancelClear(): void {
    this.#confirmingClear = false;
  }

  /** Erases every stroke, as one step this user can undo. */
  clear(): void {
    if (!this.#session.settings.editable) return;
    this.#session.input.cancel();
    this.#session.history.clear();
  }

  async export(format: ExportFormat): Promise<void> {
    const { strokes, colors, name } = this.#session;
    try {
      const blob = await this.#exporter.image(format, strokes.ordered(), colors.safe);
      this.#exporter.save(blob, exportFileName(name, format));
    } catch (error) {
      console.error(`Exporting ${format.toUpperCase()} failed`, error);
      this.#notice = `Could not export ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  dismissNotice(): void {
    this.#notice = null;
  }
}

function centreOf(size: { readonly width: number; readonly height: number }) {
  return { x: size.width / 2, y: size.height / 2 };
}
