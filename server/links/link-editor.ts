import { looksLikeJwt, type TokenVerifier } from '../tokens/token-verifier.ts';
import type { LinkStore } from './link-store.ts';
import { isLinkId, linkStatus } from './link.ts';

/** Whether a request may manage a room's links, or the status that says why not. */
export type EditorCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

/**
 * Who holds edit access to `room` for the link API. A request that carries `Authorization:
 * Bearer <link id>` is judged by that link alone, in every mode: an edit link of this room that
 * is live is an editor; a view link, another room's link, a revoked or expired one is refused
 * 403; anything that is no link, 401. A Bearer that is no link id is tried as a token when
 * tokens are accepted (`verifyToken`): an edit token for this room is an editor; a view token,
 * another room's or an expired one, 403; an invalid one, 401. Without the header, the room name
 * decides: it is enough when `roomNameIsEnough` (the open mode), else 401.
 */
export async function checkEditor(
  links: LinkStore,
  room: string,
  authorization: string | undefined,
  roomNameIsEnough: boolean,
  now: number,
  verifyToken: TokenVerifier | null = null,
): Promise<EditorCheck> {
  if (authorization === undefined) {
    return roomNameIsEnough
      ? { ok: true }
      : { ok: false, status: 401, message: 'an edit link of this room is needed' };
  }
  const id = BEARER.exec(authorization)?.[1];
  if (id !== undefined && verifyToken && looksLikeJwt(id)) {
    return tokenEditor(await verifyToken(id, now), room);
  }
  const link = id !== undefined && isLinkId(id) ? await links.get(id) : undefined;
  if (!link) {
    return { ok: false, status: 401, message: 'Authorization holds no known link or valid token' };
  }
  if (link.room !== room || link.access !== 'edit') {
    return { ok: false, status: 403, message: 'this link may not manage the links of this room' };
  }
  const status = linkStatus(link, now);
  if (status !== 'live') return { ok: false, status: 403, message: `this link is ${status}` };
  return { ok: true };
}

function tokenEditor(check: Awaited<ReturnType<TokenVerifier>>, room: string): EditorCheck {
  if (check.kind === 'invalid')
    return { ok: false, status: 401, message: 'the token is not valid' };
  if (check.kind === 'expired') return { ok: false, status: 403, message: 'the token has expired' };
  if (check.claims.room !== room || check.claims.access !== 'edit') {
    return { ok: false, status: 403, message: 'this token may not manage the links of this room' };
  }
  return { ok: true };
}
