import type { LinkStore } from './link-store.ts';
import { isLinkId, linkStatus } from './link.ts';

/** Whether a request may manage a room's links, or the status that says why not. */
export type EditorCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

const BEARER = /^Bearer ([A-Za-z0-9_-]+)$/;

/**
 * Who holds edit access to `room` for the link API. A request that carries `Authorization:
 * Bearer <link id>` is judged by that link alone, in every mode: an edit link of this room that
 * is live is an editor; a view link, another room's link, a revoked or expired one is refused
 * 403; anything that is no link, 401. Without the header, the room name decides: it is enough
 * when `roomNameIsEnough` (the open mode), else 401.
 */
export async function checkEditor(
  links: LinkStore,
  room: string,
  authorization: string | undefined,
  roomNameIsEnough: boolean,
  now: number,
): Promise<EditorCheck> {
  if (authorization === undefined) {
    return roomNameIsEnough
      ? { ok: true }
      : { ok: false, status: 401, message: 'an edit link of this room is needed' };
  }
  const id = BEARER.exec(authorization)?.[1];
  const link = id !== undefined && isLinkId(id) ? await links.get(id) : undefined;
  if (!link) return { ok: false, status: 401, message: 'Authorization holds no known link' };
  if (link.room !== room || link.access !== 'edit') {
    return { ok: false, status: 403, message: 'this link may not manage the links of this room' };
  }
  const status = linkStatus(link, now);
  if (status !== 'live') return { ok: false, status: 403, message: `this link is ${status}` };
  return { ok: true };
}
