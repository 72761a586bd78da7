import type { IncomingMessage } from 'node:http';
import { Endpoint, linkSocketSegment, roomSocketSegment } from '../../protocol/endpoints.ts';
import type { Access } from '../access/access.ts';
import type { Identity } from '../access/identity.ts';
import { ROOM_NAME_RULE, isValidRoomName } from '../protocol/room-name.ts';
import { requestPath } from './request-target.ts';

/** An HTTP status that refuses an upgrade, answered before any WebSocket exists. */
export interface UpgradeRefusal {
  readonly ok: false;
  readonly status: number;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/**
 * What an upgrade request asks for, or the HTTP status that refuses it: a room by its name, or a
 * link by its id (whose room is known once the link is looked up; decideSeat then checks it).
 */
export type UpgradeDecision =
  | { readonly ok: true; readonly room: string }
  | { readonly ok: true; readonly link: string }
  | UpgradeRefusal;

/** A request's seat (in a room, or on the server for null): granted, or the status refusing it. */
export type SeatDecision<R extends string | null> =
  { readonly ok: true; readonly room: R } | UpgradeRefusal;

/**
 * What a completed upgrade admits: a room, and what the connection may do in it besides reading
 * (decided by the server's AccessPolicy once the request passed decideUpgrade, and carried by the
 * connection for its whole life).
 */
export interface Admitted {
  readonly room: string;
  readonly access: Access;
  /** Who the connection speaks for, when its credential says (identity.ts); null: anonymous. */
  readonly identity: Identity | null;
}

export interface Capacity {
  readonly shuttingDown: boolean;
  readonly total: number;
  readonly maxTotal: number;
  roomCount(room: string): number;
  readonly maxPerRoom: number;
}

/** What the requesting client address holds and may still do (see AddressBudget). */
export interface ClientAllowance {
  /** False once the address has spent its upgrades for now. */
  readonly withinUpgradeRate: boolean;
  readonly connections: number;
  readonly maxConnections: number;
  roomConnections(room: string): number;
  /** Percent of a room's seats one address may hold. */
  readonly maxRoomSharePercent: number;
}

/** Seats of a room one address may hold: at least one, so a tiny room still admits everyone once. */
export function seatsPerAddress(maxPerRoom: number, sharePercent: number): number {
  return Math.max(1, Math.floor((maxPerRoom * sharePercent) / 100));
}

/** How long a refused client should wait when it holds too many connections: until one ends. */
const RETRY_WHEN_FULL_SECONDS = 10;

/**
 * Decides an upgrade from the request alone, before any WebSocket exists. y-websocket connects
 * to `${serverUrl}/${room}`, optionally with a query string, so the room is the last segment.
 * `client` is null when the request came through a trusted proxy that forwarded no address.
 * The client's own limits come before the server's, so that one address at its limit is told
 * 429 (slow down) and never takes the last seats that would make everyone else's answer 503;
 * a full room is full for everyone (503), and only a room with seats left asks whose they are.
 */
export function decideUpgrade(
  req: IncomingMessage,
  capacity: Capacity,
  client: ClientAllowance | null,
): UpgradeDecision {
  const path = requestPath(req.url);
  if (path === null)
    return { ok: false, status: 400, message: 'request target is not a valid URL' };
  // `/ws/link/<id>` has two segments, so a room named `link` (`/ws/link`) is still a room.
  const link = linkSocketSegment(path);
  if (link !== null) {
    const seat = decideSeat(null, capacity, client);
    return seat.ok ? { ok: true, link } : seat;
  }
  const room = roomSocketSegment(path);
  if (room === null) {
    return { ok: false, status: 404, message: `WebSocket endpoint is ${Endpoint.socket}/<room>` };
  }
  if (!isValidRoomName(room)) return { ok: false, status: 400, message: ROOM_NAME_RULE };
  const seat = decideSeat(room, capacity, client);
  return seat.ok ? { ok: true, room } : seat;
}

/**
 * Whether the client may take a seat: of `room`, or, for a link not yet looked up (null), of the
 * server at all (the room's own checks follow once the link names it).
 */
export function decideSeat<R extends string | null>(
  room: R,
  capacity: Capacity,
  client: ClientAllowance | null,
): SeatDecision<R> {
  if (!client) {
    return {
      ok: false,
      status: 400,
      message: 'X-Forwarded-For holds something that is no address',
    };
  }
  if (capacity.shuttingDown) return { ok: false, status: 503, message: 'server shutting down' };
  if (!client.withinUpgradeRate) {
    return { ok: false, status: 429, message: 'too many connections opened', retryAfterSeconds: 1 };
  }
  if (client.connections >= client.maxConnections) {
    return {
      ok: false,
      status: 429,
      message: 'too many open connections from one address',
      retryAfterSeconds: RETRY_WHEN_FULL_SECONDS,
    };
  }
  if (capacity.total >= capacity.maxTotal) {
    return { ok: false, status: 503, message: 'server at its connection limit' };
  }
  if (room === null) return { ok: true, room };
  if (capacity.roomCount(room) >= capacity.maxPerRoom) {
    return { ok: false, status: 503, message: 'room at its connection limit' };
  }
  const seats = seatsPerAddress(capacity.maxPerRoom, client.maxRoomSharePercent);
  if (client.roomConnections(room) >= seats) {
    return {
      ok: false,
      status: 429,
      message: "one address may hold only a share of a room's seats",
      retryAfterSeconds: RETRY_WHEN_FULL_SECONDS,
    };
  }
  return { ok: true, room };
}
