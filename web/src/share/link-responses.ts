/**
 * Readers of the link API's answers (server/http/link-routes.ts). An answer is hostile until
 * checked: a proxy's error page, a truncated body or a confused server must not become a link
 * the user copies and hands on. Each reader returns null for anything off-contract.
 */
import { Endpoint } from '../../../protocol/endpoints.ts';
import { isLinkId } from '../../../protocol/link-id.ts';
import type { LinkAccess } from '../board/link-access.ts';

export type { LinkAccess };

/** POST /api/rooms/<room>/links → 201. */
export interface CreatedLink {
  readonly id: string;
  readonly access: LinkAccess;
  /** The link's page, `<origin>/l#<id>`: what the user shares. */
  readonly url: string;
  readonly expiresAt: Date | null;
}

/** One entry of GET /api/rooms/<room>/links → 200. */
export interface ListedLink {
  readonly id: string;
  readonly access: LinkAccess;
  readonly created: Date;
  readonly expires: Date | null;
  /** Connections open through the link now. */
  readonly connections: number;
}

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function linkId(value: unknown): string | null {
  return typeof value === 'string' && isLinkId(value) ? value : null;
}

function access(value: unknown): LinkAccess | null {
  return value === 'view' || value === 'edit' ? value : null;
}

/** An ISO time; undefined when the value is none (so that null can mean "never"). */
function time(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function timeOrNever(value: unknown): Date | null | undefined {
  return value === null ? null : time(value);
}

/**
 * The link's page as the server named it, only if it is an http(s) page of a link and of this
 * very link: a URL pointing elsewhere would send the people it is shared with elsewhere.
 */
function linkUrl(value: unknown, id: string): string | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  const plain = url.username === '' && url.password === '' && url.search === '';
  return web && plain && url.pathname === Endpoint.linkPage && url.hash === `#${id}`
    ? url.href
    : null;
}

export function readCreatedLink(body: unknown): CreatedLink | null {
  if (!isFields(body)) return null;
  const id = linkId(body.id);
  const granted = access(body.access);
  if (id === null || granted === null) return null;
  const url = linkUrl(body.url, id);
  const expiresAt = timeOrNever(body.expiresAt);
  if (url === null || expiresAt === undefined) return null;
  return { id, access: granted, url, expiresAt };
}

function readListedLink(entry: unknown): ListedLink | null {
  if (!isFields(entry)) return null;
  const id = linkId(entry.id);
  const granted = access(entry.access);
  const created = time(entry.created);
  const expires = timeOrNever(entry.expires);
  const { connections } = entry;
  const counted = typeof connections === 'number' && Number.isSafeInteger(connections);
  if (id === null || granted === null || created === undefined || expires === undefined) {
    return null;
  }
  if (!counted || connections < 0) return null;
  return { id, access: granted, created, expires, connections };
}

/** The whole list, or null if any entry is off-contract (a partial list would hide a link). */
export function readLinkList(body: unknown): ListedLink[] | null {
  if (!Array.isArray(body)) return null;
  const links: ListedLink[] = [];
  for (const entry of body) {
    const link = readListedLink(entry);
    if (link === null) return null;
    links.push(link);
  }
  return links;
}

export { readErrorMessage } from '../http/api-problem.ts';
