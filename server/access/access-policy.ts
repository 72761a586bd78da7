import type { IncomingMessage } from 'node:http';
import type { CloseReason } from '../protocol/close-reasons.ts';
import type { Access } from './access.ts';
import type { Identity } from './identity.ts';

/**
 * The link a connection came through (directly, or by a ticket issued for the link): revoking
 * the link, or its expiry, closes the connection (links/link-sessions.ts).
 */
export interface ViaLink {
  readonly id: string;
  /** Milliseconds since the epoch, or null for a link that never expires. */
  readonly expiresAt: number | null;
}

/**
 * What a policy grants an upgrade request; or the HTTP status that refuses it before the upgrade;
 * or the close that denies a credential after it (4401, 4403: a refused upgrade reaches browser
 * code only as 1006, and the stock client retries it forever).
 */
export type AccessDecision =
  | {
      readonly ok: true;
      readonly access: Access;
      readonly identity?: Identity | null;
      readonly link?: ViaLink | null;
      /** The end of the token it was opened with (ms since the epoch): it closes 4403 then. */
      readonly tokenExpiresAt?: number;
    }
  | { readonly ok: false; readonly status: number; readonly message: string }
  | { readonly ok: false; readonly close: CloseReason };

/**
 * What a link grants an upgrade to `/ws/link/<id>`: its room and access, or the close that denies
 * it. A denial completes the upgrade and closes (4401, 4403), since a refused upgrade reaches
 * browser code only as 1006 and the stock client retries it forever.
 */
export type LinkDecision =
  | {
      readonly ok: true;
      readonly room: string;
      readonly access: Access;
      readonly link: ViaLink | null;
      readonly identity?: Identity | null;
      readonly tokenExpiresAt?: number;
    }
  | { readonly ok: false; readonly close: CloseReason };

/**
 * Decides what one upgrade request may do in its room, once, before the upgrade completes: no
 * frame of the connection is read until the decision is in, and the connection carries the
 * access it got for its whole life.
 *
 * A decision may look something up (a ticket, a stored link): return a Promise. The upgrade path
 * holds the client's seat meanwhile, leaves the client's frames unread in its socket (Node does
 * not read an upgraded socket until ws takes it), re-checks the server's capacity afterwards,
 * and answers a rejected Promise with HTTP 500. A slow policy should bound its own wait.
 */
export interface AccessPolicy {
  decide(request: IncomingMessage, room: string): AccessDecision | Promise<AccessDecision>;
  /** The same for an upgrade through a link, `/ws/link/<id>`: the link names the room. */
  decideLink(request: IncomingMessage, id: string): LinkDecision | Promise<LinkDecision>;
}
