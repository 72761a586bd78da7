/**
 * What a link grants, asked of the relay before its board opens (`GET /api/links/<id>`), so a
 * view link's page never shows a pen at all. Learning it from the relay's refusal instead would
 * come too late: y-protocols' "permission denied" arrives only after a write was attempted, and
 * the relay drops a viewer's writes silently on purpose (the connection stays open).
 */
import { linkInfoPath } from '../../../protocol/endpoints.ts';
import { isValidRoomName } from '../../../protocol/room-name.ts';

export type LinkAccess = 'edit' | 'view';

/**
 * - granted: the relay says what the link grants;
 * - gone: unknown (404), revoked or expired (410): it will not work again;
 * - unknown: no answer (offline, or the relay unwell): open the device's copy, view only, since
 *   granting nothing more than viewing is the side that cannot go wrong.
 */
export type LinkLookup =
  | {
      readonly kind: 'granted';
      readonly access: LinkAccess;
      /** An edit link's room (for the link API; never sent for a view link), else null. */
      readonly room: string | null;
    }
  | { readonly kind: 'gone' }
  | { readonly kind: 'unknown' };

type Fetch = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'json'>>;

export async function lookUpLink(id: string, fetcher: Fetch = fetch): Promise<LinkLookup> {
  let response: Pick<Response, 'status' | 'json'>;
  try {
    response = await fetcher(linkInfoPath(encodeURIComponent(id)), { cache: 'no-store' });
  } catch (error) {
    console.warn('Could not ask what this link grants; opening it view only', error);
    return { kind: 'unknown' };
  }
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  if (response.status !== 200) return { kind: 'unknown' };
  const body: unknown = await response.json().catch(() => null);
  const access = accessOf(body);
  return access === null ? { kind: 'unknown' } : { kind: 'granted', access, room: roomOf(body) };
}

/** A room name the answer gives, when it is one: a malformed one is ignored, not believed. */
function roomOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('room' in body)) return null;
  return typeof body.room === 'string' && isValidRoomName(body.room) ? body.room : null;
}

function accessOf(body: unknown): LinkAccess | null {
  if (typeof body !== 'object' || body === null || !('access' in body)) return null;
  return body.access === 'edit' || body.access === 'view' ? body.access : null;
}
