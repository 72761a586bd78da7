/**
 * Client-side routes. The relay serves the same index.html for every page path, so the
 * address bar is the only place a room name lives: `/r/<room>` opens a board, `/` makes a
 * new one.
 */
import { roomPageSegment, roomPagePath } from '../../protocol/endpoints.ts';
import { isValidRoomName } from '../../protocol/room-name.ts';

export type Route =
  | { readonly kind: 'home' }
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'invalid'; readonly pathname: string };

/**
 * The relay checks room names against the same rule (protocol/room-name.ts) before upgrading a
 * WebSocket, and the service worker answers the same pages offline (protocol/endpoints.ts).
 */
export function parseRoute(pathname: string): Route {
  if (pathname === '/') return { kind: 'home' };
  const room = roomPageSegment(pathname);
  if (room !== null && isValidRoomName(room)) return { kind: 'room', room };
  return { kind: 'invalid', pathname };
}

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
 * Resolves the page's route, turning `/` into a fresh room. `replaceState` rather than a
 * navigation, so Back leaves the app instead of landing on `/` and minting yet another room.
 */
export function enterRoute(
  location: Pick<Location, 'pathname'>,
  history: Pick<History, 'replaceState' | 'state'>,
): Exclude<Route, { kind: 'home' }> {
  const route = parseRoute(location.pathname);
  if (route.kind !== 'home') return route;
  const room = randomRoomId();
  history.replaceState(history.state, '', roomPath(room));
  return { kind: 'room', room };
}
