import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isForwarded, isLoopback, normalizeAddress } from './client-address.ts';

/** Who may read /metrics on one listener. */
export interface MetricsPolicy {
  /** False on the main port when METRICS_PORT serves /metrics instead. */
  readonly servedHere: boolean;
  /** True on the METRICS_PORT listener, which only ever serves /metrics. */
  readonly dedicated: boolean;
  readonly token: string | null;
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 404 };

/**
 * /metrics tells anyone how busy every room is and how the process is doing, so it is not for
 * everyone: a valid `Authorization: Bearer <METRICS_TOKEN>` opens it from anywhere; without one,
 * only a client on this machine that no proxy forwarded (a proxy on loopback would make every
 * visitor look local), or anyone who reaches a dedicated listener that has no token set. The
 * rest get 401 when a token would help and 404 otherwise, which says nothing about what is here.
 */
export function metricsAccess(req: IncomingMessage, policy: MetricsPolicy): MetricsAccess {
  if (!policy.servedHere) return { ok: false, status: 404 };
  if (policy.token !== null && bearerMatches(req.headers.authorization, policy.token)) {
    return { ok: true };
  }
  if (policy.dedicated && policy.token === null) return { ok: true };
  const peer = normalizeAddress(req.socket.remoteAddress ?? '');
  if (peer !== null && isLoopback(peer) && !isForwarded(req)) return { ok: true };
  return { ok: false, status: policy.token === null ? 404 : 401 };
}

/** Compares digests, so the time taken says nothing about how much of the token was right. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(token));
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
