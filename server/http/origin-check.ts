import type { IncomingMessage } from 'node:http';

/**
 * Which web pages may open a WebSocket to the relay. Browsers send `Origin` with every upgrade
 * and let no page set or change it, nor add headers of its own to a WebSocket handshake; so a
 * page on `https://evil.example` can reach a relay its visitor reaches (and, in `open` mode, wipe
 * a room), but never hide where it comes from. Programs (servers, native apps, y-websocket under
 * Node) send no Origin and are let through: they could send any Origin they liked, so the check
 * is no defence against them, only against other sites' pages.
 *
 * Allowed: the relay's own origin, and the origins of ALLOWED_ORIGINS. "Own" is where the request
 * was sent, `http(s)://` + Host (https when the socket is TLS). Behind a proxy named in
 * TRUST_PROXY, X-Forwarded-Proto and X-Forwarded-Host say that instead (a TLS proxy in front
 * turns `https://board.example` into plain http, and may rewrite Host); their leftmost entry is
 * the one the first proxy wrote, nearest the browser. Believing them costs nothing: a page cannot
 * set them, and a program that can does not need to, as it may send no Origin at all. They are
 * still only read from a trusted proxy, so that the rule is the one TRUST_PROXY sets for
 * X-Forwarded-For and a direct request is judged by its own Host alone.
 *
 * Not covered here: DNS rebinding. A page on a name that the attacker points at the relay's
 * address sends Host and Origin alike, so it counts as the relay's own; a relay reachable only
 * from a LAN is exposed to any page its users open. PUBLIC_ORIGIN closes that (public-origin.ts);
 * so do the `links` and `token` modes, as a room name is no capability there.
 */

/** An upgrade's Origin as the check reads it: the header and the origin the request was sent to. */
export interface OriginRequest {
  /** The Origin header as sent; undefined when there is none. */
  readonly origin: string | undefined;
  /** The origin the request was sent to (see requestTarget); null when the request names none. */
  readonly target: string | null;
}

export type OriginDecision =
  { readonly ok: true } | { readonly ok: false; readonly status: 403; readonly message: string };

const ALLOWED: OriginDecision = { ok: true };

/**
 * The serialized origin of `text` (`https://board.example`, default port dropped, host in
 * lowercase), or null when `text` is no http(s) origin: another scheme, a path, a query,
 * credentials, `null`, several origins joined by a proxy or Node.
 */
export function parseOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Only `scheme://host[:port]`, with at most a trailing slash, is an origin.
  if (url.href !== `${url.origin}/` || url.username !== '' || url.password !== '') return null;
  // The URL parser lets `*` and other marks through in a host name; no browser sends one, and
  // in ALLOWED_ORIGINS it would read as a wildcard that matches nothing.
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/.test(url.hostname)) return null;
  return url.origin;
}

/** Decides whether the page (if any) behind an upgrade may open it. Pure. */
export function checkOrigin(request: OriginRequest, allowed: ReadonlySet<string>): OriginDecision {
  if (request.origin === undefined) return ALLOWED;
  const origin = parseOrigin(request.origin);
  if (origin === null) return refused(`origin ${printable(request.origin)} is not allowed`);
  if (origin === request.target || allowed.has(origin)) return ALLOWED;
  return refused(`origin ${origin} is not allowed`);
}

/**
 * The origin a request was sent to: its scheme (https on a TLS socket) and Host, or, when its
 * peer is a trusted proxy, the leftmost X-Forwarded-Proto and X-Forwarded-Host where present.
 * Null when there is no Host, or the pieces make no http(s) origin.
 */
export function requestTarget(req: IncomingMessage, fromTrustedProxy: boolean): string | null {
  const tls = 'encrypted' in req.socket && req.socket.encrypted === true;
  const forwardedProto = fromTrustedProxy ? firstEntry(req.headers['x-forwarded-proto']) : null;
  const forwardedHost = fromTrustedProxy ? firstEntry(req.headers['x-forwarded-host']) : null;
  const scheme = forwardedProto ?? (tls ? 'https' : 'http');
  const host = forwardedHost ?? req.headers.host;
  if (!host || /[/?#@\\\s]/.test(host)) return null;
  return parseOrigin(`${scheme.toLowerCase()}://${host}`);
}

/** The first comma-separated entry of a header, or null when it is absent or empty. */
function firstEntry(header: string | string[] | undefined): string | null {
  const text = Array.isArray(header) ? header[0] : header;
  const first = text?.split(',', 1)[0]?.trim();
  return first ? first : null;
}

function refused(message: string): OriginDecision {
  return { ok: false, status: 403, message };
}

/** A header value fit for a one-line message: at most 100 visible ASCII characters. */
function printable(text: string): string {
  return JSON.stringify(text.slice(0, 100).replace(/[^\x20-\x7e]/g, '?'));
}
