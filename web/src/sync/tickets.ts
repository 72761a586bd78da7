/**
 * One-time tickets (issue 11): before every connect and reconnect the page asks the relay for a
 * ticket, `POST /api/tickets` `{ room?, device }` with `Authorization: Bearer <link id or token>`
 * when it holds one, and opens the socket with `?ticket=`. A ticket is valid once for 60 s, so no
 * long-lived credential (link id, token) is ever in a URL that a proxy or access log keeps.
 */
import { Endpoint, TICKET_SOCKET_SEGMENT } from '../../../protocol/endpoints.ts';
import { linkRelayUrl, relayUrl } from './relay-urls.ts';

/** What the page connects to: a room by its name, or a link by its id (which it never sends). */
export type SocketTarget =
  | { readonly kind: 'room'; readonly room: string; readonly token: string | null }
  | { readonly kind: 'link'; readonly id: string };

/**
 * - ticket: connect with it;
 * - unsupported: the relay has no ticket endpoint (an older one, 404/405): connect as before;
 * - unavailable: no answer (the network failed): connect as before, which works where it can
 *   and otherwise fails into the usual backoff;
 * - busy: the relay answered but gave no ticket (429, 5xx, an unreadable body): try again later,
 *   without a socket, since a relay with a ticket endpoint would refuse a bare one;
 * - denied: 401 or 403: the credential (or the lack of one) opens nothing here; every retry would
 *   be refused the same way.
 */
export type TicketAnswer =
  | { readonly kind: 'ticket'; readonly ticket: string }
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'denied'; readonly status: 401 | 403 };

/** A ticket request unanswered this long counts as no answer (a healthy relay takes ms). */
export const TICKET_TIMEOUT_MS = 10_000;

export type TicketFetch = (
  url: string,
  init: RequestInit,
) => Promise<Pick<Response, 'status' | 'json'>>;

/** The request for a ticket to `target`: the body and, when the page holds one, the Bearer. */
export function ticketRequest(target: SocketTarget, device: string): RequestInit {
  const bearer = bearerOf(target);
  const body = target.kind === 'room' ? { room: target.room, device } : { device };
  return {
    method: 'POST',
    cache: 'no-store',
    // The page's own origin; no cookies exist, but nothing else should ride along either.
    credentials: 'omit',
    headers: {
      'content-type': 'application/json',
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
    },
    body: JSON.stringify(body),
  };
}

/** The credential the page holds for `target`: a link's id, a room page's token, or null. */
export function bearerOf(target: SocketTarget): string | null {
  return target.kind === 'link' ? target.id : target.token;
}

export async function requestTicket(
  target: SocketTarget,
  device: string,
  fetcher: TicketFetch = fetch,
): Promise<TicketAnswer> {
  let response: Pick<Response, 'status' | 'json'>;
  try {
    response = await fetcher(Endpoint.tickets, {
      ...ticketRequest(target, device),
      // A request that hangs would hold every reconnect back: give up and connect without one.
      signal: AbortSignal.timeout(TICKET_TIMEOUT_MS),
    });
  } catch (error) {
    console.warn('Could not ask for a ticket; connecting without one', error);
    return { kind: 'unavailable' };
  }
  return answerOf(response.status, () => response.json());
}

/** What a response to `POST /api/tickets` means here (pure but for reading the body). */
export async function answerOf(
  status: number,
  body: () => Promise<unknown>,
): Promise<TicketAnswer> {
  if (status === 401 || status === 403) return { kind: 'denied', status };
  if (status === 404 || status === 405) return { kind: 'unsupported' };
  if (status !== 201 && status !== 200) return { kind: 'busy' };
  const ticket = ticketOf(await body().catch(() => null));
  return ticket === null ? { kind: 'busy' } : { kind: 'ticket', ticket };
}

/** Tickets are base64url; anything else is not put into a URL. */
const TICKET_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

function ticketOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('ticket' in body)) return null;
  return typeof body.ticket === 'string' && TICKET_SHAPE.test(body.ticket) ? body.ticket : null;
}

/** What y-websocket's provider is given for one attempt: it connects to `serverUrl/roomname?params`. */
export interface SocketAddress {
  readonly serverUrl: string;
  readonly roomname: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Where one attempt connects. With a ticket: `/ws/<room>?ticket=` or `/ws/link/ticket?ticket=`.
 * Without one (an older relay, or no answer): the bare room or link path that worked before
 * tickets; a token is never put into a URL, so a token page without a ticket tries the bare room.
 */
export function socketAddress(
  target: SocketTarget,
  ticket: string | null,
  location: Pick<Location, 'protocol' | 'host'>,
): SocketAddress {
  const params: Record<string, string> = ticket === null ? {} : { ticket };
  if (target.kind === 'room')
    return { serverUrl: relayUrl(location), roomname: target.room, params };
  return {
    serverUrl: linkRelayUrl(location),
    // `/ws/link/ticket`: the ticket alone says which link it came from, so the id stays out of
    // the request line.
    roomname: ticket === null ? target.id : TICKET_SOCKET_SEGMENT,
    params,
  };
}
