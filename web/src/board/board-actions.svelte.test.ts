import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { CachedStroke } from '../canvas/stroke-cache.ts';
import type { ExportFormat } from '../export/file-name.ts';
import { beginStroke, finishStroke } from '../model/strokes.ts';
import { line } from '../model/test-support/drawing.ts';
import { SimRelay } from '../sync/test-support/sim-relay.ts';
import { BoardActions, type BoardKeydown, type Exporter } from './board-actions.svelte.ts';
import type { BoardSession } from './board-session.svelte.ts';
import { openBoard } from './test-support/open-board.svelte.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

interface Saved {
  readonly fileName: string;
  readonly type: string;
  readonly strokes: readonly string[];
}

/** Writes what it was given instead of a file; `failWith` makes every export fail. */
function recordingExporter(failWith: Error | null = null) {
  const saved: Saved[] = [];
  let exported: readonly CachedStroke[] = [];
  const exporter: Exporter = {
    image: async (format: ExportFormat, strokes) => {
      if (failWith) throw failWith;
      exported = strokes;
      return new Blob([format], { type: `image/${format}` });
    },
    save: (blob, fileName) =>
      saved.push({ fileName, type: blob.type, strokes: exported.map(({ id }) => id) }),
  };
  return { exporter, saved };
}

function board(exporter?: Exporter, access: 'edit' | 'view' = 'edit') {
  const relay = new SimRelay();
  const { session } = openBoard(relay, 'Alice', undefined, access);
  cleanup.push(() => relay.destroy());
  cleanup.push(() => session.destroy());
  session.camera.size = { width: 800, height: 600 };
  return { session, actions: new BoardActions(session, exporter) };
}

function draw(session: BoardSession, id: string, at = { x: 0, y: 0 }): void {
  const { doc, origin, history } = session;
  history.beginStep();
  beginStroke(
    doc,
    { id, color: '#1e1e1e', width: 2, author: 'alice', firstPoints: line(5, at) },
    origin,
  );
  finishStroke(doc, id, origin);
}

function press(
  key: string,
  extra: Partial<BoardKeydown> = {},
): BoardKeydown & { prevented: boolean } {
  const event = {
    key,
    code: '',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    defaultPrevented: false,
    repeat: false,
    target: null,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
    ...extra,
  };
  return event;
}

describe('the board’s shortcuts', () => {
  it('picks tools by key and takes the key from the page', () => {
    const { session, actions } = board();
    const e = press('e');
    actions.keydown(e);
    expect(session.settings.tool).toBe('eraser');
    expect(e.prevented).toBe(true);
    actions.keydown(press('h'));
    expect(session.settings.tool).toBe('hand');
  });

  it('keeps the hand on a view-only board: no key, button or clear edits it', () => {
    const { session, actions } = board(undefined, 'view');
    expect(session.settings.tool).toBe('hand');
    for (const key of ['p', 'e']) actions.keydown(press(key));
    session.settings.tool = 'pen';
    expect(session.settings.tool).toBe('hand');
    // A stroke that arrived from the room (drawn here only to have one): no undo, no clear.
    draw(session, 's1');
    actions.keydown(press('z', { ctrlKey: true }));
    actions.askToClear();
    expect(actions.confirmingClear).toBe(false);
    actions.clear();
    expect(session.strokeCount).toBe(1);
  });

  it('leaves keys alone while typing, when held down, or while a dialog is open', () => {
    const { session, actions } = board();
    const field: Partial<HTMLInputElement> & EventTarget = {
      tagName: 'INPUT',
      type: 'text',
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    };
    actions.keydown(press('e', { target: field }));
    actions.keydown(press('e', { repeat: true }));
    actions.openHelp();
    const e = press('e');
    actions.keydown(e);
    expect(session.settings.tool).toBe('pen');
    expect(e.prevented).toBe(false);
    actions.closeHelp();
    actions.askToClear();
    actions.keydown(press('e'));
    expect(session.settings.tool).toBe('pen');
  });

  it('undoes and redoes this page’s own strokes with Ctrl+Z and Ctrl+Shift+Z', () => {
    const { session, actions } = board();
    draw(session, 's1');
    actions.keydown(press('z', { ctrlKey: true }));
    expect(session.strokeCount).toBe(0);
    actions.keydown(press('z', { ctrlKey: true, shiftKey: true }));
    expect(session.strokeCount).toBe(1);
  });

  it('opens the help with ?', () => {
    const { actions } = board();
    actions.keydown(press('?', { shiftKey: true }));
    expect(actions.helpOpen).toBe(true);
  });
});

describe('the board’s buttons', () => {
  it('zooms to fit every stroke', () => {
    const { session, actions } = board();
    draw(session, 'far', { x: 5000, y: 4000 });
    actions.zoomToFit();
    const { x, y, zoom } = session.camera.viewport;
    const screen = { x: (5002 - x) * zoom, y: (4000 - y) * zoom };
    expect(screen.x).toBeGreaterThan(0);
    expect(screen.x).toBeLessThan(800);
    expect(screen.y).toBeGreaterThan(0);
    expect(screen.y).toBeLessThan(600);
  });

  it('clears the board as one step that undo takes back', () => {
    const { session, actions } = board();
    draw(session, 's1');
    draw(session, 's2');
    actions.askToClear();
    expect(actions.confirmingClear).toBe(true);
    actions.clear();
    actions.cancelClear();
    expect(session.strokeCount).toBe(0);
    actions.run('undo');
    expect(session.strokeCount).toBe(2);
  });

  it('exports the strokes bottom to top into a file named for the room', async () => {
    const { exporter, saved } = recordingExporter();
    const { session, actions } = board(exporter);
    draw(session, 'a');
    draw(session, 'b');
    await actions.export('svg');
    await actions.export('png');
    expect(saved).toEqual([
      { fileName: 'board-room-1.svg', type: 'image/svg', strokes: ['a', 'b'] },
      { fileName: 'board-room-1.png', type: 'image/png', strokes: ['a', 'b'] },
    ]);
    expect(actions.notice).toBeNull();
  });

  it('says so when an export fails, until dismissed', async () => {
    const { exporter, saved } = recordingExporter(new Error('canvas too large'));
    const { actions } = board(exporter);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    cleanup.push(() => (console.error = original));
    await actions.export('png');
    flushSync();
    expect(saved).toEqual([]);
    expect(actions.notice).toBe('Could not export PNG: canvas too large');
    expect(errors).toHaveLength(1);
    actions.dismissNotice();
    expect(actions.notice).toBeNull();
  });
});
