import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { Endpoint } from '../../protocol/endpoints.ts';
import type { AccessMode } from '../config.ts';
import type { LinkStore } from '../links/link-store.ts';
import { grantFor, parseTicketBody } from '../tickets/ticket-grant.ts';
import type { TicketStore } from '../tickets/ticket-store.ts';
import type { TokenVerifier } from '../tokens/token-verifier.ts';
import type { HttpApp } from './http-app.ts';
import { sendError } from './http-errors.ts';
import { linkUrl } from './link-routes.ts';

/** What one client address may still ask for, or the status refusing it (400, 429). */
export type Spend =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: number;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

export interface CredentialRouteDeps {
  readonly mode: AccessMode;
  readonly links: LinkStore;
  readonly tickets: TicketStore;
  readonly verifyToken: TokenVerifier | null;
  /** Spends one ticket or one room creation of the request's client address. */
  spend(request: IncomingMessage, what: 'ticket' | 'room'): Spend;
}

/**
 * A ticket's body is `{ "room"?, "device"? }`: well under 1 KiB. The cap keeps a request that
 * the relay answers without any credential (the open mode's tickets) from costing more.
 */
export const MAX_CREDENTIAL_BODY_BYTES = 1024;

const iso = (ms: number) => new Date(ms).toISOString();

function refused(reply: FastifyReply, spend: Spend & { ok: false }): FastifyReply {
  if (spend.retryAfterSeconds !== undefined) reply.header('retry-after', spend.retryAfterSeconds);
  return sendError(reply, spend.status, spend.message);
}

/**
 *   POST /api/tickets   Authorization: Bearer <jwt | link id>, body {room?, device?}
 *                       → 201 {ticket, expiresAt}; 400, 401, 403, 413, 429 (ticket-grant.ts)
 *   POST /api/rooms     → 201 {room, links: {edit: {id, url}, view: {id, url}}}; ACCESS_MODE
 *                       open and links; in the token mode 403 (rooms are the host's: it signs
 *                       tokens for them); 429 past NEW_ROOMS_PER_MINUTE_PER_IP
 * Both answer `Cache-Control: no-store`: they hand out credentials.
 */
export function registerCredentialRoutes(app: HttpApp, deps: CredentialRouteDeps): void {
  app.post(Endpoint.tickets, { bodyLimit: MAX_CREDENTIAL_BODY_BYTES }, async (request, reply) => {
    const spend = deps.spend(request.raw, 'ticket');
    if (!spend.ok) return refused(reply, spend);
    const body = parseTicketBody(request.body);
    if (typeof body === 'string') return sendError(reply, 400, body);
    const now = Date.now();
    const decision = await grantFor(deps, request.headers.authorization, body, now);
    if (!decision.ok) {
      if (decision.status === 401) reply.header('www-authenticate', 'Bearer');
      return sendError(reply, decision.status, decision.message);
    }
    const issued = await deps.tickets.issue(decision.grant, now);
    if (!issued.ok) {
      return refused(reply, {
        ok: false,
        status: 429,
        message: 'too many tickets waiting, try again',
        retryAfterSeconds: 1,
      });
    }
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ ticket: issued.ticket, expiresAt: iso(issued.expiresAt) });
  });

  app.post(Endpoint.rooms, { bodyLimit: MAX_CREDENTIAL_BODY_BYTES }, async (request, reply) => {
    if (deps.mode === 'token') {
      return sendError(
        reply,
        403,
        'ACCESS_MODE is token: rooms are opened by tokens the host application signs',
      );
    }
    const spend = deps.spend(request.raw, 'room');
    if (!spend.ok) return refused(reply, spend);
    const now = Date.now();
    // 128 random bits, base64url: a valid room name that nobody can guess.
    const room = randomBytes(16).toString('base64url');
    const edit = await deps.links.create({ room, access: 'edit', expiresAt: null }, now);
    const view = await deps.links.create({ room, access: 'view', expiresAt: null }, now);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({
        room,
        links: {
          edit: { id: edit.id, url: linkUrl(request, edit.id) },
          view: { id: view.id, url: linkUrl(request, view.id) },
        },
      });
  });
}
