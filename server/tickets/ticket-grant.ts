/**
 * What `POST /api/tickets` would issue a ticket for, decided from its `Authorization` and its
 * optional JSON body `{ "room"?, "device"? }`, before anything is stored:
 *
 *   Bearer <link id>   the link's room with the link's access and presence flag; an unknown id
 *                      401, a revoked or expired link 403
 *   Bearer <jwt>       the token's room and access; invalid 401, expired 403
 *   none               the open mode only, with `room`: an edit ticket for it (the room's name
 *                      is its capability there); otherwise 401
 * A `room` in the body must be the credential's own (403 otherwise). The ticket speaks for the
 * token's subject when it has one, else for the device key the app keeps (hashed: the key itself
 * is a secret and is stored nowhere), else for nobody.
 */
import { createHash } from 'node:crypto';
import type { Identity } from '../access/identity.ts';
import type { AccessMode } from '../config.ts';
import { isLinkId, linkStatus } from '../links/link.ts';
import type { LinkStore } from '../links/link-store.ts';
import { isValidRoomName } from '../protocol/room-name.ts';
import { looksLikeJwt, type TokenVerifier } from '../tokens/token-verifier.ts';
import type { TicketGrant } from './ticket.ts';

export interface TicketGrantDeps {
  readonly mode: AccessMode;
  readonly links: LinkStore;
  readonly verifyToken: TokenVerifier | null;
}

export type GrantDecision =
  | { readonly ok: true; readonly grant: TicketGrant }
  | { readonly ok: false; readonly status: 400 | 401 | 403; readonly message: string };

export interface TicketBody {
  readonly room?: string;
  readonly device?: string;
}

/** A device key: random, kept by the app, 16–128 URL-safe characters. */
const DEVICE_KEY = /^[A-Za-z0-9_-]{16,128}$/;
const BEARER = /^Bearer ([^\s]+)$/;

const refuse = (status: 400 | 401 | 403, message: string): GrantDecision => ({
  ok: false,
  status,
  message,
});

/** The body as sent, or why it is refused: an object with at most `room` and `device`. */
export function parseTicketBody(body: unknown): TicketBody | string {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON object';
  const { room, device, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return `unknown property ${JSON.stringify(extra[0])}`;
  if (room !== undefined && (typeof room !== 'string' || !isValidRoomName(room))) {
    return 'room must be a room name: 1-64 of A-Z a-z 0-9 _ -';
  }
  if (device !== undefined && (typeof device !== 'string' || !DEVICE_KEY.test(device))) {
    return 'device must be 16-128 of A-Z a-z 0-9 _ -';
  }
  return {
    ...(room === undefined ? {} : { room }),
    ...(device === undefined ? {} : { device }),
  };
}

/** `device:<first 32 hex digits of sha256(key)>`: the key names the device, and stays secret. */
export function deviceIdentity(device: string): Identity {
  const hash = createHash('sha256').update(device).digest('hex').slice(0, 32);
  return Object.freeze({ key: `device:${hash}` });
}

/**
 * A token's identity, with the device key as its author when the token names no subject: the
 * token's name and colour are kept either way.
 */
function withDevice(token: Identity | null, device: Identity | null): Identity | null {
  if (token === null) return device;
  if (token.key !== null || device === null) return token;
  return Object.freeze({ ...token, key: device.key });
}

export async function grantFor(
  deps: TicketGrantDeps,
  authorization: string | undefined,
  body: TicketBody,
  now: number,
): Promise<GrantDecision> {
  const device = body.device === undefined ? null : deviceIdentity(body.device);
  if (authorization === undefined) {
    if (deps.mode !== 'open') {
      return refuse(401, 'Authorization: Bearer <token or link id> is needed');
    }
    if (body.room === undefined) return refuse(400, 'name the room, or send a credential');
    return {
      ok: true,
      grant: { room: body.room, access: 'edit', presence: true, identity: device, link: null },
    };
  }
  const credential = BEARER.exec(authorization)?.[1];
  if (credential !== undefined && isLinkId(credential)) {
    const link = await deps.links.get(credential);
    if (!link) return refuse(401, 'Authorization holds no known link');
    const status = linkStatus(link, now);
    if (status !== 'live') return refuse(403, `this link is ${status}`);
    if (body.room !== undefined && body.room !== link.room) {
      return refuse(403, 'the credential is for another room');
    }
    return {
      ok: true,
      grant: {
        room: link.room,
        access: link.access,
        presence: link.presence,
        identity: device,
        link: { id: link.id, expiresAt: link.expiresAt },
      },
    };
  }
  if (credential === undefined || !looksLikeJwt(credential) || !deps.verifyToken) {
    return refuse(401, 'Authorization holds no known link or valid token');
  }
  const check = await deps.verifyToken(credential, now);
  if (check.kind === 'invalid') return refuse(401, 'the token is not valid');
  if (check.kind === 'expired') return refuse(403, 'the token has expired');
  const { room, access, identity, expiresAt } = check.claims;
  if (body.room !== undefined && body.room !== room) {
    return refuse(403, 'the credential is for another room');
  }
  return {
    ok: true,
    grant: {
      room,
      access,
      presence: access === 'edit',
      identity: withDevice(identity, device),
      link: null,
      tokenExpiresAt: expiresAt,
    },
  };
}
