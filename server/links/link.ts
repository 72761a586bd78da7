/**
 * A link: a random, stored capability to one room, for viewing or editing. Its id is all a holder
 * needs, so it is never derived from the room's name (a reversible derivation leaked edit rooms
 * from read-only links in one product: ../shared/PROTOCOL.md) and carries 128 random bits.
 */
import { randomBytes } from 'node:crypto';

export const LinkAccess = { view: 'view', edit: 'edit' } as const;
export type LinkAccess = (typeof LinkAccess)[keyof typeof LinkAccess];

/** live until it expires or is revoked; revoked for good (kept, so that its holders hear 4403, not 4401). */
export type LinkState =
  { readonly kind: 'live' } | { readonly kind: 'revoked'; readonly at: number };

export interface Link {
  readonly id: string;
  readonly room: string;
  readonly access: LinkAccess;
  /** Whether a viewer's cursor is shown to the room (edit links always publish presence). */
  readonly presence: boolean;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly state: LinkState;
}

export interface NewLink {
  readonly room: string;
  readonly access: LinkAccess;
  readonly expiresAt: number | null;
  readonly presence?: boolean;
}

/** A new live link as every store keeps it: a fresh id, viewers' cursors shown unless said. */
export function newLinkRecord(link: NewLink, now: number): Link {
  return Object.freeze({
    id: newLinkId(),
    room: link.room,
    access: link.access,
    presence: link.presence ?? true,
    createdAt: now,
    expiresAt: link.expiresAt,
    state: Object.freeze({ kind: 'live' as const }),
  });
}

/** What a link is worth at `now`. */
export type LinkStatus = 'live' | 'expired' | 'revoked';

export function linkStatus(link: Link, now: number): LinkStatus {
  if (link.state.kind === 'revoked') return 'revoked';
  return link.expiresAt !== null && link.expiresAt <= now ? 'expired' : 'live';
}

/** 16 random bytes as base64url: 22 characters, 128 bits. */
export function newLinkId(): string {
  return randomBytes(16).toString('base64url');
}

/** What a link id looks like, read by the app as well (the link API's answers). */
export { LINK_ID, isLinkId } from '../../protocol/link-id.ts';
