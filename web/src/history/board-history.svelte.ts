/**
 * History on one board's page: the panel's state over the room's history API, with the page's
 * credential and connection, and the thumbnails its rows show. Only for a page that may edit the
 * room and knows its name (a view link's page has neither): Board.svelte makes one or none.
 */
import type { ColorMapper } from '../canvas/render-strokes.ts';
import type { ConnectionStatus } from '../sync/status.ts';
import { actionFor, type Action } from '../tools/shortcuts.ts';
import { HistoryApi } from './history-api.ts';
import { HistoryPanel } from './history-panel.svelte.ts';
import { Thumbnails } from './thumbnail.ts';

/** What a board's page was opened with (Board.svelte's target), as far as history cares. */
export type HistoryTarget =
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'link'; readonly access: 'edit' | 'view'; readonly room: string | null };

/**
 * The room whose history the page may show: a room's page (a token that grants view only is
 * refused by the relay, and the panel says edit access is needed), or an edit link's page that
 * was told its room. Never a view link's: the history button is not there at all.
 */
export function historyRoom(target: HistoryTarget): string | null {
  if (target.kind === 'room') return target.room;
  return target.access === 'edit' ? target.room : null;
}

/** What history needs of the board's session (board/board-session.svelte.ts). */
export interface HistorySession {
  readonly link: { readonly status: ConnectionStatus };
  /** The page's credential for the room's APIs. */
  bearer(): string | null;
  /** The colour guard: a peer's colour the canvas would ignore is drawn as ink. */
  readonly colors: { readonly safe: ColorMapper };
}

export class BoardHistory {
  readonly panel: HistoryPanel;
  readonly thumbnails: Thumbnails;
  readonly #session: HistorySession;

  /** `origin` and `fetch`: the page's own unless a test gives others. */
  constructor(
    room: string,
    session: HistorySession,
    origin = location.origin,
    fetcher?: typeof fetch,
  ) {
    const client = new HistoryApi({
      room,
      origin,
      bearer: () => session.bearer(),
      ...(fetcher ? { fetch: fetcher } : {}),
    });
    this.#session = session;
    this.panel = new HistoryPanel({ client, online: () => this.online });
    this.thumbnails = new Thumbnails((id) => this.panel.downloads.get(id), session.colors.safe);
  }

  /** The board is connected to the relay (or has been answered by it): history can be asked. */
  get online(): boolean {
    const { status } = this.#session.link;
    return status === 'connected' || status === 'synced';
  }

  /** A version is on the board instead of the live one. */
  get viewing(): boolean {
    return this.panel.viewing !== null;
  }

  /**
   * The board's shortcuts, less those that change the live board unseen while a version hides
   * it (undo, redo, and the selection's edits); tools, zoom and help still work.
   */
  keys<E extends Parameters<typeof actionFor>[0]>(handler: (event: E) => void): (event: E) => void {
    return (event) => {
      const action = this.viewing ? actionFor(event) : null;
      if (action !== null && LIVE_EDITS.has(action)) return;
      handler(event);
    };
  }

  /** Cut and paste would change the live board unseen while a version hides it. */
  clipboard<E>(handler: (event: E) => void): (event: E) => void {
    return (event) => {
      if (!this.viewing) handler(event);
    };
  }
}

/** Key actions that edit the live board. */
const LIVE_EDITS: ReadonlySet<Action> = new Set<Action>([
  'undo',
  'redo',
  'select-all',
  'delete',
  'duplicate',
  'bring-forward',
  'send-backward',
  'nudge',
]);
