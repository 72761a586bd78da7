/**
 * A ticket: a one-time credential the app fetches right before each (re)connect and puts in the
 * socket's URL (`?ticket=`), so that no long-lived credential (a token, a link id) ever sits in a
 * URL a proxy or an access log keeps. It is worth one upgrade, within TICKET_TTL_MS, and carries
 * everything the credential it was issued for decided: the room, the access, who speaks, and the
 * link it came through (so that revoking the link closes what the ticket opened).
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from '../access/identity.ts';

/** How long a ticket may wait for its upgrade. */
export const TICKET_TTL_MS = 60_000;

/** 24 random bytes as base64url: 32 characters, 192 bits (never the 22 of a link id). */
export function newTicketId(): string {
  return randomBytes(24).toString('base64url');
}

const TICKET_ID = /^[A-Za-z0-9_-]{32}$/;

/** What a ticket looks like: anything else is no ticket, and is not looked up. */
export function isTicketId(value: string): boolean {
  return TICKET_ID.test(value);
}

/** What one ticket opens: plain data, so that a shared store can keep it as it is. */
export interface TicketGrant {
  readonly room: string;
  readonly access: 'edit' | 'view';
  /** Whether a viewer's cursor shows (edit always does); see links/link.ts. */
  readonly presence: boolean;
  readonly identity: Identity | null;
  /** The link the ticket was issued through, or null (a token, a room name). */
  readonly link: { readonly id: string; readonly expiresAt: number | null } | null;
  /** The end of the token it was issued for (ms since the epoch): its connection ends then. */
  readonly tokenExpiresAt?: number;
}

export interface IssuedTicket {
  readonly ticket: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}
