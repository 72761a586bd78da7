import type { IncomingMessage } from 'node:http';
import { FULL_ACCESS, type Access } from './access.ts';

/** What a policy grants an upgrade request, or the HTTP status that refuses it. */
export type AccessDecision =
  | { readonly ok: true; readonly access: Access }
  | { readonly ok: false; readonly status: number; readonly message: string };

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
}

const GRANT_FULL: AccessDecision = Object.freeze({ ok: true, access: FULL_ACCESS });

/** The default access mode: a room's name is its edit capability, as it always was. */
export const openAccess: AccessPolicy = {
  decide: () => GRANT_FULL,
};
