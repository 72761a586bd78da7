import type { IncomingMessage } from 'node:http';
import { isValidRoomName } from '../protocol/room-name.ts';
import { requestPath } from './request-target.ts';

/** What an upgrade request asks for, or the HTTP status that refuses it. */
export type UpgradeDecision =
  { ok: true; room: string } | { ok: false; status: number; message: string };

export interface Capacity {
  readonly shuttingDown: boolean;
  readonly total: number;
  readonly maxTotal: number;
  roomCount(room: string): number;
  readonly maxPerRoom: number;
}

/**
 * Decides an upgrade from the request alone, before any WebSocket exists. y-websocket connects
 * to `${serverUrl}/${room}`, optionally with a query string, so the room is the last segment.
 */
export function decideUpgrade(req: IncomingMessage, capacity: Capacity): UpgradeDecision {
  const path = requestPath(req.url);
  if (path === null)
    return { ok: false, status: 400, message: 'request target is not a valid URL' };
  const match = /^\/ws\/([^/]*)$/.exec(path);
  if (!match) return { ok: false, status: 404, message: 'WebSocket endpoint is /ws/<room>' };
  const room = match[1]!;
  if (!isValidRoomName(room)) {
    return { ok: false, status: 400, message: 'room names are 1-64 of A-Z a-z 0-9 _ -' };
  }
  if (capacity.shuttingDown) return { ok: false, status: 503, message: 'server shutting down' };
  if (capacity.total >= capacity.maxTotal) {
    return { ok: false, status: 503, message: 'server at its connection limit' };
  }
  if (capacity.roomCount(room) >= capacity.maxPerRoom) {
    return { ok: false, status: 503, message: 'room at its connection limit' };
  }
  return { ok: true, room };
}
