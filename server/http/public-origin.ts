import { parseOrigin } from './origin-check.ts';

/**
 * PUBLIC_ORIGIN: the one origin the relay is reached at (`https://board.example`). Without it the
 * relay's own origin is whatever the request's Host says, so a page on a name an attacker points
 * at the relay's address (DNS rebinding) counts as the relay's own: its Host and Origin agree.
 * With it, a request whose Host (or, from a trusted proxy, X-Forwarded-Host) names another host
 * is answered 421 Misdirected Request before anything else, HTTP and upgrades alike, and only
 * pages of that origin (and ALLOWED_ORIGINS) may open a WebSocket.
 *
 * Probes are left out (probe-paths in routes.ts): load balancers ask `/healthz` by address.
 */
export type HostDecision =
  { readonly ok: true } | { readonly ok: false; readonly status: 421; readonly message: string };

const ALLOWED: HostDecision = { ok: true };

/**
 * Whether a request sent to `target` (origin-check.ts requestTarget: scheme + Host, or what a
 * trusted proxy forwarded) is addressed to `publicOrigin`. The host is compared in the public
 * origin's scheme, so that a TLS proxy that forwards plain http without X-Forwarded-Proto, and a
 * Host with the default port written out, still match. Pure.
 */
export function checkPublicHost(target: string | null, publicOrigin: string | null): HostDecision {
  if (publicOrigin === null) return ALLOWED;
  if (target !== null) {
    const scheme = new URL(publicOrigin).protocol;
    const sameHost = parseOrigin(`${scheme}//${new URL(target).host}`);
    if (sameHost === publicOrigin) return ALLOWED;
  }
  return {
    ok: false,
    status: 421,
    message: `this server answers for ${publicOrigin} only`,
  };
}
