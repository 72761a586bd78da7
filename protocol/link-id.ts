/**
 * What a link id looks like, for the relay that makes them (server/links/link.ts: 16 random
 * bytes as base64url) and the app that reads them back from the link API (web/src/share/).
 * Anything else is no link, and is not looked up.
 */
export const LINK_ID = /^[A-Za-z0-9_-]{22}$/;

export function isLinkId(value: string): boolean {
  return LINK_ID.test(value);
}
