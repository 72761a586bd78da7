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
  'name' | 'settings' | 'input' | 'history' | 'camera' | 'strokes' | 'colors'
>;

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

  run(action: Action): void {
    const { settings, input, history, camera } = this.#session;
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
      // What acts on a selection arrives with the select tool (tool-table.ts: SELECTION_READY);
      // until then actionFor never yields these.
      case 'select-all':
      case 'delete':
      case 'duplicate':
      case 'copy':
      case 'cut':
      case 'paste':
      case 'bring-forward':
      case 'send-backward':
      case 'nudge':
      case 'escape':
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
    this.run(action);
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
