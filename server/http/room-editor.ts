import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkEditor } from '../links/link-editor.ts';
import type { LinkStore } from '../links/link-store.ts';
import { ROOM_NAME_RULE, isValidRoomName } from '../protocol/room-name.ts';
import type { TokenVerifier } from '../tokens/token-verifier.ts';
import { sendError } from './http-errors.ts';

/** What deciding who edits a room needs: the same credentials as its WebSocket connections. */
export interface RoomEditorDeps {
  readonly store: LinkStore;
  /** True in the open mode: a room's name is its edit capability. */
  readonly roomNameIsEnough: boolean;
  /** Tokens, when AUTH_SECRET or AUTH_PUBLIC_KEY is set: an edit token of a room is its editor. */
  readonly verifyToken?: TokenVerifier | null;
}

/**
 * The check every route under /api/rooms/<room>/ makes first: a valid room name (400), then edit
 * access (link-editor.ts: 401 with WWW-Authenticate, 403). Answers the request when it fails and
 * resolves to false; true when the route may go on.
 */
export function roomEditorGuard(deps: RoomEditorDeps) {
  return async (
    request: FastifyRequest<{ Params: { readonly room: string } }>,
    reply: FastifyReply,
  ): Promise<boolean> => {
    const { room } = request.params;
    if (!isValidRoomName(room)) {
      sendError(reply, 400, ROOM_NAME_RULE);
      return false;
    }
    const check = await checkEditor(
      deps.store,
      room,
      request.headers.authorization,
      deps.roomNameIsEnough,
      Date.now(),
      deps.verifyToken ?? null,
    );
    if (check.ok) return true;
    if (check.status === 401) reply.header('www-authenticate', 'Bearer');
    sendError(reply, check.status, check.message);
    return false;
  };
}
