import type * as Y from 'yjs';
import type { LoadProgress } from '../canvas/stroke-cache.ts';
import type { ElementKind } from '../model/elements.ts';
import type { Bounds } from '../model/geometry.ts';
import type { Viewport } from '../model/viewport.ts';
import type { PresenceSnapshot } from '../presence/index.ts';
import type { SaveState } from '../sync/save-state.ts';
import type { ConnectionStatus } from '../sync/status.ts';

/** One element (a stroke, or a shape, text or note) as the board has it, without its points. */
export interface StrokeSummary {
  readonly id: string;
  readonly author: string;
  readonly color: string;
  readonly done: boolean;
  readonly pointCount: number;
  /** The ink's box in world units; null for a stroke without points. */
  readonly bounds: Bounds | null;
  /** What kind of element it is (model/schema.ts: type). */
  readonly type: ElementKind;
  /** A shape's, text's or note's words; null for a stroke. */
  readonly text: string | null;
}

/**
 * `window.__whiteboard`: a read-only window onto the open board for end-to-end tests, which
 * poll it instead of sleeping. Present only while a board is mounted. Not for application code.
 * Every property is read at the moment it is accessed.
 *
 * - `status`:      the link to the relay: 'connecting' | 'connected' | 'synced' | 'offline'.
 * - `synced`:      `status === 'synced'`, i.e. the relay has answered with the room's full state.
 * - `saveState`:   the sync indicator: 'offline' | 'syncing' | 'saved' (sync/save-state.ts).
 *                  'saved' means the relay's own messages on the current connection prove it
 *                  stores every local change (sync/server-knowledge.ts); never a guess. It
 *                  shows 300 ms after the last local edit at the earliest (no flicker while
 *                  drawing), so poll for it rather than expecting it right after an edit.
 * - `pendingChanges`: the indicator's N: strokes added, changed or erased on this device that
 *                  the relay is not known to hold (sync/pending-changes.ts). Counted at most
 *                  every 100 ms; a change too new to be counted shows as at least 1. It stays
 *                  right across an offline reload (the knowledge is kept in IndexedDB).
 *                  The badge (`data-testid="connection-status"`) carries both as
 *                  `data-save-state` and `data-pending`, beside the connection's `data-status`.
 * - `refusedWith`: the close code with which the relay refused a change made here (the badge
 *                  then says 'refused' and this page's changes stay on the device), or null.
 * - `room`:        the room name from the address bar.
 * - `doc`:         the live Y.Doc; tests may edit it (e.g. `doc.getMap('m').set('k', 1)`) to
 *                  drive sync without going through the drawing UI.
 * - `strokeCount`: how many valid strokes the board shows (finished or being drawn).
 * - `loading`:     `{ done, total }` while a big change (a board opening) is read in slices,
 *                  null once everything is read (canvas/stroke-cache.ts).
 * - `strokes`:     a StrokeSummary per stroke, bottom to top, as rendered: what a canvas
 *                  cannot tell a test (who drew it, whether it is finished, how many points).
 * - `viewport`:    the camera, `{ x, y, zoom }`: screen = (world − (x, y)) × zoom, in CSS px
 *                  from the board's top-left (the window's top-left).
 * - `presence`:    who is here and where their cursors are (see presence/index.ts).
 * - `selection`:   the ids the select tool holds here, and the world frame around them (null
 *                  when nothing is selected).
 */
export interface WhiteboardTestHook {
  readonly status: ConnectionStatus;
  readonly synced: boolean;
  readonly saveState: SaveState;
  readonly pendingChanges: number;
  readonly refusedWith: number | null;
  readonly room: string;
  readonly doc: Y.Doc;
  readonly selection: { readonly ids: readonly string[]; readonly frame: Bounds | null };
  readonly strokeCount: number;
  readonly loading: LoadProgress | null;
  readonly strokes: readonly StrokeSummary[];
  readonly viewport: Viewport;
  readonly presence: PresenceSnapshot;
}

declare global {
  interface Window {
    __whiteboard?: WhiteboardTestHook;
  }
}

/**
 * Installs the hook; the returned function removes it if it is still this one. `source` should
 * expose getters, so that the page's tests read the board's state as it is when they ask.
 */
export function exposeTestHook(source: WhiteboardTestHook): () => void {
  window.__whiteboard = source;
  return () => {
    if (window.__whiteboard === source) delete window.__whiteboard;
  };
}
