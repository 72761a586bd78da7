import type { FastifyReply } from 'fastify';
import {
  roomVersionPath,
  roomVersionRestorePath,
  roomVersionsPath,
} from '../../protocol/endpoints.ts';
import type { BoardHistory } from '../history/board-history.ts';
import {
  MAX_VERSION_NAME,
  isVersionId,
  versionInfo,
  type VersionInfo,
} from '../history/version.ts';
import { RefusedError } from '../protocol/close-reasons.ts';
import { RoomGoneError, type Room } from '../rooms/room.ts';
import { ShuttingDownError } from '../rooms/room-registry.ts';
import type { HttpApp } from './http-app.ts';
import { sendError } from './http-errors.ts';
import { roomEditorGuard, type RoomEditorDeps } from './room-editor.ts';

export interface HistoryRouteDeps {
  /** Who may use a room's history: its editors, as for the link API. */
  readonly editors: RoomEditorDeps;
  readonly history: BoardHistory;
  /** The loaded room for a named version or a restore (RoomRegistry.use). */
  readonly rooms: { use<T>(room: string, work: (room: Room) => Promise<T>): Promise<T> };
  /** Whether a room was ever written (DocStore.exists): history of no room is a 404. */
  exists(room: string): Promise<boolean>;
}

/** `{"name": "…"}` is about 120 bytes; 4 KiB leaves room for escapes and nothing more. */
export const MAX_HISTORY_BODY_BYTES = 4 * 1024;

const namedVersionBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    // Something to show: not blank, no control characters.
    name: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_VERSION_NAME,
      pattern: '^[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*$',
    },
  },
} as const;

interface RoomParams {
  readonly room: string;
}
interface VersionParams extends RoomParams {
  readonly id: string;
}

const BAD_ID = 'a version id is 10 characters of 0-9 and a-z';

/**
 * Named versions a person may save in one room: they are kept until deleted, so without a cap an
 * editor could fill the store. A thousand is years of saving one a day.
 */
export const MAX_NAMED_VERSIONS = 1000;

/**
 * A room's history (docs/history-api.md):
 *   GET  /api/rooms/<room>/versions               → 200 [version], newest first
 *   GET  /api/rooms/<room>/versions/<id>          → 200 application/octet-stream, a Yjs update
 *   POST /api/rooms/<room>/versions {"name"}      → 201 version
 *   POST /api/rooms/<room>/versions/<id>/restore  → 200 the version saved of what it replaced
 * Each only for an editor of the room; 404 for a room never written or a version it lacks.
 */
export function registerHistoryRoutes(app: HttpApp, deps: HistoryRouteDeps): void {
  const editor = roomEditorGuard(deps.editors);
  const unknownRoom = async (room: string, versions: readonly VersionInfo[] | null) =>
    (versions === null || versions.length === 0) && !(await deps.exists(room));

  app.get<{ Params: RoomParams }>(roomVersionsPath(':room'), async (request, reply) => {
    if (!(await editor(request, reply))) return reply;
    const { room } = request.params;
    const versions = await deps.history.list(room);
    if (await unknownRoom(room, versions)) return sendError(reply, 404, 'no such room');
    return reply.header('cache-control', 'no-store').send(versions);
  });

  app.get<{ Params: VersionParams }>(roomVersionPath(':room', ':id'), async (request, reply) => {
    if (!(await editor(request, reply))) return reply;
    const { room, id } = request.params;
    if (!isVersionId(id)) return sendError(reply, 400, BAD_ID);
    const update = await deps.history.read(room, id);
    if (!update) return sendError(reply, 404, 'no such version in this room');
    return reply
      .header('cache-control', 'no-store')
      .type('application/octet-stream')
      .send(Buffer.from(update.buffer, update.byteOffset, update.byteLength));
  });

  app.post<{ Params: RoomParams; Body: { readonly name: string } }>(
    roomVersionsPath(':room'),
    { bodyLimit: MAX_HISTORY_BODY_BYTES, schema: { body: namedVersionBody } },
    async (request, reply) => {
      if (!(await editor(request, reply))) return reply;
      const { room } = request.params;
      const versions = await deps.history.list(room);
      if (await unknownRoom(room, versions)) return sendError(reply, 404, 'no such room');
      const named = versions.filter((version) => version.reason === 'named').length;
      if (named >= MAX_NAMED_VERSIONS) {
        return sendError(reply, 409, `this room holds ${MAX_NAMED_VERSIONS} named versions`);
      }
      try {
        const saved = await deps.rooms.use(room, (loaded) => loaded.saveVersion(request.body.name));
        return reply.code(201).header('cache-control', 'no-store').send(versionInfo(saved));
      } catch (error) {
        return answerRoomFailure(reply, error);
      }
    },
  );

  app.post<{ Params: VersionParams }>(
    roomVersionRestorePath(':room', ':id'),
    { bodyLimit: MAX_HISTORY_BODY_BYTES },
    async (request, reply) => {
      if (!(await editor(request, reply))) return reply;
      const { room, id } = request.params;
      if (!isVersionId(id)) return sendError(reply, 400, BAD_ID);
      const version = (await deps.history.list(room)).find((listed) => listed.id === id);
      const update = version && (await deps.history.read(room, id));
      if (!version || !update) return sendError(reply, 404, 'no such version in this room');
      const name = `Before restoring ${new Date(version.at).toISOString()}`;
      try {
        const saved = await deps.rooms.use(room, (loaded) => loaded.restore(update, name));
        return reply.header('cache-control', 'no-store').send(versionInfo(saved));
      } catch (error) {
        return answerRoomFailure(reply, error);
      }
    },
  );
}

/**
 * What a named version or a restore answers when the room could not do it: the room stopped
 * serving, or the server is stopping (503, try again), or the room refused the change (409:
 * over MAX_ROOM_BYTES, say). Anything else goes to the error handler (503 for storage, else 500).
 */
function answerRoomFailure(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof RoomGoneError || error instanceof ShuttingDownError) {
    return sendError(reply.header('retry-after', 5), 503, 'the room is not serving, try again');
  }
  if (error instanceof RefusedError) {
    return sendError(reply, 409, `the room refused the change: ${error.message}`);
  }
  throw error;
}
