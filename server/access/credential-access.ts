/**
 * The access decision of every mode (ACCESS_MODE), from the credential an upgrade carries:
 *
 *   /ws/<room>                    open: full access (the name is the capability, the stock client
 *                                 contract); links, token: 4401 credential_missing
 *   /ws/<room>?token=<jwt>        the token's access to its room (view: read only)
 *   /ws/<room>?ticket=<t>         the ticket's grant, once
 *   /ws/link/<id>                 the link (links/link-access.ts), in every mode
 *   /ws/link/<id>?ticket=<t>      the ticket's grant, which must come from that link
 *   /ws/link/ticket?ticket=<t>    the ticket's grant, whatever it opens: the app's form, so that
 *                                 neither a room name nor a link id is in any URL
 *
 * A credential that is no credential (unknown, used, badly signed) closes 4401; a real one that
 * does not open this room, or has run out (an expired token, a revoked link), closes 4403. A
 * ticket issued through a link is checked against the link again when it is used, and its
 * connection is counted under the link, so revoking the link closes it.
 */
import type { IncomingMessage } from 'node:http';
import { TICKET_SOCKET_SEGMENT } from '../../protocol/endpoints.ts';
import type { AccessMode } from '../config.ts';
import { accessFor, resolveLink } from '../links/link-access.ts';
import type { LinkStore } from '../links/link-store.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { isTicketId, type TicketGrant } from '../tickets/ticket.ts';
import type { TicketStore } from '../tickets/ticket-store.ts';
import type { TokenVerifier } from '../tokens/token-verifier.ts';
import { FULL_ACCESS } from './access.ts';
import type { AccessDecision, AccessPolicy, LinkDecision } from './access-policy.ts';

export interface CredentialDeps {
  readonly mode: AccessMode;
  readonly links: LinkStore;
  readonly tickets: TicketStore;
  /** Null when no AUTH_SECRET or AUTH_PUBLIC_KEY is set: every token is then invalid. */
  readonly verifyToken: TokenVerifier | null;
  readonly now?: () => number;
}

type Denied = { readonly ok: false; readonly close: CloseReason };
const denied = (close: CloseReason): Denied => ({ ok: false, close });

const GRANT_FULL: AccessDecision = Object.freeze({ ok: true, access: FULL_ACCESS });

/** The credentials of an upgrade's query: `?ticket=` and `?token=` (first of each). */
function credentialsOf(request: IncomingMessage): { ticket: string | null; token: string | null } {
  const target = request.url ?? '';
  const queryAt = target.indexOf('?');
  const params = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  return { ticket: params.get('ticket'), token: params.get('token') };
}

export function credentialAccess(deps: CredentialDeps): AccessPolicy {
  const now = deps.now ?? Date.now;

  /** The grant of a ticket, spent here; the close that denies it otherwise. */
  const take = async (ticket: string): Promise<TicketGrant | Denied> => {
    const grant = isTicketId(ticket) ? await deps.tickets.take(ticket, now()) : undefined;
    return grant ?? denied(CloseReason.ticketInvalid);
  };

  /** What a grant opens now: a link's grant only while the link still works. */
  const decideGrant = async (grant: TicketGrant): Promise<LinkDecision> => {
    if (grant.link) {
      const link = await resolveLink(deps.links, grant.link.id, now());
      if (!link.ok) return link;
    }
    return {
      ok: true,
      room: grant.room,
      access: accessFor(grant.access, grant.presence),
      identity: grant.identity,
      link: grant.link,
      ...(grant.tokenExpiresAt === undefined ? {} : { tokenExpiresAt: grant.tokenExpiresAt }),
    };
  };

  const decideToken = async (token: string, room: string): Promise<AccessDecision> => {
    if (!deps.verifyToken) return denied(CloseReason.tokenInvalid);
    const check = await deps.verifyToken(token, now());
    if (check.kind === 'invalid') return denied(CloseReason.tokenInvalid);
    if (check.kind === 'expired') return denied(CloseReason.tokenExpired);
    if (check.claims.room !== room) return denied(CloseReason.credentialOtherRoom);
    return {
      ok: true,
      // A view token reads only: its holder's cursor would carry no name the host vouched for.
      access: accessFor(check.claims.access, false),
      identity: check.claims.identity,
      tokenExpiresAt: check.claims.expiresAt,
    };
  };

  const decideRoomTicket = async (ticket: string, room: string): Promise<AccessDecision> => {
    const grant = await take(ticket);
    if (!('room' in grant)) return grant;
    if (grant.room !== room) return denied(CloseReason.credentialOtherRoom);
    const decision = await decideGrant(grant);
    if (!decision.ok) return decision;
    const { access, identity, link, tokenExpiresAt } = decision;
    return {
      ok: true,
      access,
      identity: identity ?? null,
      link,
      ...(tokenExpiresAt === undefined ? {} : { tokenExpiresAt }),
    };
  };

  return {
    // Not async: a bare room in the open mode is decided in the upgrade's own turn, as always.
    decide(request, room) {
      const { ticket, token } = credentialsOf(request);
      if (ticket !== null) return decideRoomTicket(ticket, room);
      if (token !== null) return decideToken(token, room);
      return deps.mode === 'open' ? GRANT_FULL : denied(CloseReason.credentialMissing);
    },

    async decideLink(request, id) {
      const { ticket } = credentialsOf(request);
      if (id === TICKET_SOCKET_SEGMENT) {
        if (ticket === null) return denied(CloseReason.credentialMissing);
        const grant = await take(ticket);
        return 'room' in grant ? decideGrant(grant) : grant;
      }
      if (ticket === null) return resolveLink(deps.links, id, now());
      const grant = await take(ticket);
      if (!('room' in grant)) return grant;
      if (grant.link?.id !== id) return denied(CloseReason.credentialOtherRoom);
      return decideGrant(grant);
    },
  };
}
