/**
 * What `/` opens: a new board, made the way the relay's access mode wants it.
 *
 * - `open` mode (and an older relay, and no network): a random 128-bit room name, as before;
 *   the name is the capability.
 * - `links` mode: a room name opens nothing, so the relay makes the room (`POST /api/rooms`) and
 *   the page opens its edit link, `/l#<id>`.
 * - `token` mode: boards come from the host application's tokens; there is nothing to make here.
 *
 * The mode is learnt by asking for a ticket to a fresh room name with no credential: only the
 * open mode grants one (the name is enough there). `POST /api/rooms` alone cannot tell: the open
 * mode answers it too, and a new board there would become a link, unlike every board before.
 */
import { Endpoint } from '../../../protocol/endpoints.ts';
import { randomRoomId } from '../routing.ts';
import { requestTicket, TICKET_TIMEOUT_MS, type TicketFetch } from '../sync/tickets.ts';

export type NewBoard =
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'link'; readonly id: string }
  | { readonly kind: 'needs-link' };

/** Link ids as the relay makes them (22 base64url characters); anything else is no link. */
const LINK_ID_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

export async function newBoard(
  device: string,
  fetcher: TicketFetch = fetch,
  room: string = randomRoomId(),
): Promise<NewBoard> {
  const probe = await requestTicket({ kind: 'room', room, token: null }, device, fetcher);
  if (probe.kind !== 'denied') return { kind: 'room', room };
  const id = await makeRoom(fetcher);
  return id === null ? { kind: 'needs-link' } : { kind: 'link', id };
}

/** `POST /api/rooms` → 201 `{ room, links: { edit: { id } } }`: the new room's edit link id. */
async function makeRoom(fetcher: TicketFetch): Promise<string | null> {
  try {
    const response = await fetcher(Endpoint.rooms, {
      method: 'POST',
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(TICKET_TIMEOUT_MS),
    });
    if (response.status !== 201) return null;
    return editLinkIdOf(await response.json());
  } catch (error) {
    console.warn('Could not make a new board', error);
    return null;
  }
}

export function editLinkIdOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('links' in body)) return null;
  const { links } = body;
  if (typeof links !== 'object' || links === null || !('edit' in links)) return null;
  const { edit } = links;
  if (typeof edit !== 'object' || edit === null || !('id' in edit)) return null;
  return typeof edit.id === 'string' && LINK_ID_SHAPE.test(edit.id) ? edit.id : null;
}
