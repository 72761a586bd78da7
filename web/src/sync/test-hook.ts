import type * as Y from 'yjs';
import type { ConnectionStatus } from './status.ts';

/**
 * `window.__whiteboard`: a read-only window onto the open board for end-to-end tests, which
 * poll it instead of sleeping. Present only while a board is mounted. Not for application code.
 *
 * - `status`: the badge's state: 'connecting' | 'connected' | 'synced' | 'offline'.
 * - `synced`: `status === 'synced'`, i.e. the relay has answered with the room's full state.
 * - `room`:   the room name from the address bar.
 * - `doc`:    the live Y.Doc; tests may edit it (e.g. `doc.getMap('m').set('k', 1)`) to
 *             drive sync without going through the drawing UI.
 */
export interface WhiteboardTestHook {
  readonly status: ConnectionStatus;
  readonly synced: boolean;
  readonly room: string;
  readonly doc: Y.Doc;
}

declare global {
  interface Window {
    __whiteboard?: WhiteboardTestHook;
  }
}

/** Installs the hook; the returned function removes it if it is still this one. */
export function exposeTestHook(source: WhiteboardTestHook): () => void {
  // Getters, so each read reports the state at that moment rather than at install time.
  const hook: WhiteboardTestHook = {
    get status() {
      return source.status;
    },
    get synced() {
      return source.synced;
    },
    get room() {
      return source.room;
    },
    get doc() {
      return source.doc;
    },
  };
  window.__whiteboard = hook;
  return () => {
    if (window.__whiteboard === hook) delete window.__whiteboard;
  };
}
