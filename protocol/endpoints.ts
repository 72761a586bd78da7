/**
 * The paths the relay answers on its one port, and the path rules both sides read them with.
 * The relay routes by them (server/http/), the app builds its addresses from them
 * (web/src/routing.ts, web/src/sync/connection.svelte.ts), and the service worker sends every
 * one that is not an app page to the network (web/src/offline/shell.ts).
 */
import { isValidRoomName } from './room-name.ts';

export const Endpoint = {
  /** WebSocket upgrades: `/ws/<room>`, what a y-websocket provider given `/ws` connects to. */
  socket: '/ws',
  /**
   * WebSocket upgrades through a link: `/ws/link/<id>`, what a y-websocket provider given
   * `/ws/link` and the link's id as its room connects to. `/ws/link` alone (one segment) is still
   * the room named `link`.
   */
  linkSocket: '/ws/link',
  /**
   * WebSocket upgrades by a ticket alone: `/ws/link/ticket?ticket=<t>` (ticketSocketPath). The
   * ticket names the room (and the link it came from), so neither appears in the URL.
   */
  ticketSocket: '/ws/link/ticket',
  /**
   * The HTTP API of rooms: `POST /api/rooms` makes one (ACCESS_MODE open and links) with an edit
   * and a view link; `/api/rooms/<room>/links` (roomLinksPath) and below manage its links.
   */
  rooms: '/api/rooms',
  /**
   * One-time tickets: `POST /api/tickets` with `Authorization: Bearer <token or link id>` (or, in
   * the open mode, a body `{ "room" }`) → 201 `{ "ticket", "expiresAt" }`, good for one upgrade.
   */
  tickets: '/api/tickets',
  /**
   * What a link grants, for the page that opens it: `GET /api/links/<id>` → `{ "access" }`
   * (linkInfoPath). Never the room's name.
   */
  links: '/api/links',
  /** A link's page: `/l#<id>`. The id rides in the fragment, which browsers never send. */
  linkPage: '/l',
  /** A board's page: `/r/<room>`, with or without a trailing slash. */
  roomPage: '/r',
  /** The app's one HTML page, served for `/` and every room page. */
  appShell: '/index.html',
  /** Build output with content hashes in the names: cached for good. */
  assets: '/assets/',
  /** The service worker, at the root so that its scope is the whole origin. */
  serviceWorker: '/sw.js',
  /** Liveness: 200 while the process answers. */
  health: '/healthz',
  /** Readiness: 200 while storage is open, else 503. */
  ready: '/readyz',
  /** Prometheus metrics (or on METRICS_PORT instead). */
  metrics: '/metrics',
} as const;

export function roomPagePath(room: string): string {
  return `${Endpoint.roomPage}/${room}`;
}

export function roomSocketPath(room: string): string {
  return `${Endpoint.socket}/${room}`;
}

/**
 * The room segment of a page path `/r/<segment>` or `/r/<segment>/`, valid or not (check it with
 * isValidRoomName); null for a path that is no room page.
 */
export function roomPageSegment(path: string): string | null {
  const rest = afterPrefix(path, `${Endpoint.roomPage}/`);
  if (rest === null) return null;
  const segment = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  return segment.includes('/') ? null : segment;
}

/**
 * The room segment of an upgrade path `/ws/<segment>` (no trailing slash: y-websocket never
 * sends one), valid or not; null for a path that is no WebSocket endpoint.
 */
export function roomSocketSegment(path: string): string | null {
  const segment = afterPrefix(path, `${Endpoint.socket}/`);
  return segment === null || segment.includes('/') ? null : segment;
}

/**
 * The link id of an upgrade path `/ws/link/<segment>`, not checked; null for any other path
 * (`/ws/link` itself is a room's path).
 */
export function linkSocketSegment(path: string): string | null {
  const segment = afterPrefix(path, `${Endpoint.linkSocket}/`);
  return segment === null || segment.includes('/') ? null : segment;
}

/** The link segment of `/ws/link/ticket`: never a link id (those are 22 characters). */
export const TICKET_SOCKET_SEGMENT = 'ticket';

/** An upgrade path opened by a ticket alone; add `?ticket=<t>` (y-websocket's `params`). */
export function ticketSocketPath(): string {
  return Endpoint.ticketSocket;
}

/** A room's links: POST makes one, GET lists them, DELETE `/<id>` revokes one. */
export function roomLinksPath(room: string): string {
  return `${Endpoint.rooms}/${room}/links`;
}

/**
 * A room's history (issue 14, docs/history-api.md): GET lists its versions, POST `{ "name" }`
 * saves one; `/<id>` GETs one as a Yjs update, `/<id>/restore` POSTs a restore.
 */
export function roomVersionsPath(room: string): string {
  return `${Endpoint.rooms}/${room}/versions`;
}

/** One version of a room: GET answers its whole document as a Yjs update. */
export function roomVersionPath(room: string, id: string): string {
  return `${roomVersionsPath(room)}/${id}`;
}

/** POST makes the room's board equal to version `id`. */
export function roomVersionRestorePath(room: string, id: string): string {
  return `${roomVersionPath(room, id)}/restore`;
}

/** What a link grants: 200 `{ "access": "view" | "edit" }`, 404 unknown, 410 revoked or expired. */
export function linkInfoPath(id: string): string {
  return `${Endpoint.links}/${id}`;
}

/** The page a link opens; the id stays out of request lines, logs and Referer headers. */
export function linkPagePath(id: string): string {
  return `${Endpoint.linkPage}#${id}`;
}

function afterPrefix(path: string, prefix: string): string | null {
  return path.startsWith(prefix) ? path.slice(prefix.length) : null;
}

/**
 * The pages the app routes itself: `/` (a new board), `/l` (a link's board: the id is in the
 * fragment) and `/r/<room>` with a valid name.
 */
export function isAppPage(path: string): boolean {
  if (path === '/' || path === Endpoint.linkPage) return true;
  const room = roomPageSegment(path);
  return room !== null && isValidRoomName(room);
}
