import type { LinkDecision } from '../access/access-policy.ts';
import { Capability, FULL_ACCESS, READ_ONLY, accessWith } from '../access/access.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { isLinkId, linkStatus, type Link } from './link.ts';
import type { LinkStore } from './link-store.ts';

const VIEW_WITH_PRESENCE = accessWith(Capability.presenceWrite);

/** What a connection through `link` may do: a viewer reads (and shows its cursor, unless the link says not to). */
export function accessOf(link: Link) {
  return accessFor(link.access, link.presence);
}

/** The same for any credential: edit, or view with or without a cursor others see. */
export function accessFor(access: 'edit' | 'view', presence: boolean) {
  if (access === 'edit') return FULL_ACCESS;
  return presence ? VIEW_WITH_PRESENCE : READ_ONLY;
}

/**
 * The room and access a link id opens, or the close that denies it: 4401 for an id that is no
 * link (malformed ids are not looked up), 4403 for one revoked or expired.
 */
export async function resolveLink(
  links: LinkStore,
  id: string,
  now: number,
): Promise<LinkDecision> {
  if (!isLinkId(id)) return { ok: false, close: CloseReason.linkUnknown };
  const link = await links.get(id);
  if (!link) return { ok: false, close: CloseReason.linkUnknown };
  switch (linkStatus(link, now)) {
    case 'revoked':
      return { ok: false, close: CloseReason.linkRevoked };
    case 'expired':
      return { ok: false, close: CloseReason.linkExpired };
    case 'live':
      return { ok: true, room: link.room, access: accessOf(link), link };
  }
}
