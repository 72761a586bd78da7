/**
 * Client-side routes. The relay serves the same index.html for every page path, so the
 * address bar is the only place a room name lives: `/r/<room>` opens a board, `/` makes a
 * new one, and `/l#<id>` opens the board a link grants, without ever learning its name.
 */
import { Endpoint, linkPagePath, roomPageSegment, roomPagePath } from '../../protocol/endpoints.ts';
import { isValidRoomName } from '../../protocol/room-name.ts';
import type { NewBoard } from './board/new-board.ts';
import { tokenFromFragment, type PageTokens } from './credentials/page-token.ts';

export type Route =
  | { readonly kind: 'home' }
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'link'; readonly id: string }
  | { readonly kind: 'invalid'; readonly pathname: string };

/**
 * What the app opens: a room page carries the token the tab was given for it, if any
 * (`/r/<room>#token=<jwt>`, credentials/page-token.ts); `needs-link` is a new board asked of a
 * relay where a room's name opens nothing and no room could be made (new-board.ts).
 */
export type PageRoute =
  | { readonly kind: 'room'; readonly room: string; readonly token: string | null }
  | { readonly kind: 'link'; readonly id: string }
  | { readonly kind: 'invalid'; readonly pathname: string }
  | { readonly kind: 'needs-link' };

/**
 * The relay checks room names against the same rule (protocol/room-name.ts) before upgrading a
 * WebSocket, and the service worker answers the same pages offline (protocol/endpoints.ts).
 */
export function parseRoute(pathname: string, hash = ''): Route {
  if (pathname === '/') return { kind: 'home' };
  if (pathname === Endpoint.linkPage) {
    const id = hash.startsWith('#') ? hash.slice(1) : hash;
    // The relay decides what an id is worth; this only keeps junk out of paths and databases.
    if (LINK_ID_SHAPE.test(id)) return { kind: 'link', id };
    return { kind: 'invalid', pathname: `${pathname}${hash}` };
  }
  const room = roomPageSegment(pathname);
  if (room !== null && isValidRoomName(room)) return { kind: 'room', room };
  return { kind: 'invalid', pathname };
}

/** What a link id may look like here (the relay's are 22 of these characters). */
const LINK_ID_SHAPE = /^[A-Za-z0-9_-]{1,128}$/;

/** A board's address: `/r/<room>`. */
export const roomPath = roomPagePath;

/**
 * 16 random bytes in base64url: 22 characters, 128 bits, so two people opening `/` at the same
 * moment never land on the same board.
 */
export function randomRoomId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

import { toBase64Url } from './encoding/base64url.ts';
export { toBase64Url };

/**
 * Resolves the page's route. A room page's `#token=` is moved into the tab's keeping and out of
 * the address bar at once (`replaceState`), so it is not bookmarked, shared or kept in history.
 * `/` becomes a new board (new-board.ts), also by `replaceState` rather than a navigation, so
 * Back leaves the app instead of landing on `/` and minting yet another board.
 */
export async function enterRoute(
  location: Pick<Location, 'pathname'> & Partial<Pick<Location, 'hash' | 'search'>>,
  history: Pick<History, 'replaceState' | 'state'>,
  page: {
    readonly tokens: Pick<PageTokens, 'get' | 'set'>;
    readonly newBoard: () => Promise<NewBoard>;
  },
): Promise<PageRoute> {
  const route = parseRoute(location.pathname, location.hash);
  if (route.kind === 'room') {
    const given = tokenFromFragment(location.hash ?? '');
    if (given === null) return { ...route, token: page.tokens.get(route.room) };
    page.tokens.set(route.room, given);
    history.replaceState(history.state, '', `${location.pathname}${location.search ?? ''}`);
    return { ...route, token: given };
  }
  if (route.kind !== 'home') return route;
  const made = await page.newBoard();
  if (made.kind === 'room') history.replaceState(history.state, '', roomPath(made.room));
  if (made.kind === 'link') history.replaceState(history.state, '', linkPagePath(made.id));
  return made.kind === 'room' ? { ...made, token: null } : made;
}
