import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { AddressRange } from '../config.ts';

/**
 * Who a request comes from. The socket's peer, unless that peer is a proxy named in TRUST_PROXY:
 * then X-Forwarded-For is read from the right, skipping trusted proxies, and the first address
 * that is not one of them is the client. Everything left of it was written by the client itself
 * and proves nothing, so the leftmost entry is never believed unless every hop is trusted.
 */
export class ClientAddresses {
  readonly #trusted = new BlockList();
  readonly #trustsAnyone: boolean;

  constructor(ranges: readonly AddressRange[]) {
    for (const { network, prefix, family } of ranges) {
      this.#trusted.addSubnet(network, prefix, family);
    }
    this.#trustsAnyone = ranges.length > 0;
  }

  /** The client's address, or null when a trusted proxy forwarded something that is no address. */
  of(req: IncomingMessage): string | null {
    const peer = normalizeAddress(req.socket.remoteAddress ?? '');
    if (peer === null) return null;
    if (!this.#trustsAnyone || !this.#isTrusted(peer)) return peer;
    const hops = forwardedFor(req);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalizeAddress(hops[i]!);
      if (hop === null) return null;
      if (!this.#isTrusted(hop)) return hop;
    }
    // Every hop is a trusted proxy: the request started at the leftmost.
    return hops.length > 0 ? normalizeAddress(hops[0]!) : peer;
  }

  /** True when the request's socket peer is a proxy named in TRUST_PROXY. */
  peerIsTrusted(req: IncomingMessage): boolean {
    const peer = normalizeAddress(req.socket.remoteAddress ?? '');
    return peer !== null && this.#trustsAnyone && this.#isTrusted(peer);
  }

  #isTrusted(address: string): boolean {
    return this.#trusted.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The X-Forwarded-For entries in order; Node joins repeated headers with ", ". */
function forwardedFor(req: IncomingMessage): string[] {
  const header = req.headers['x-forwarded-for'];
  if (!header) return [];
  return (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
}

/** True when a request says some proxy forwarded it, trusted or not. */
export function isForwarded(req: IncomingMessage): boolean {
  return req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
}

/**
 * One spelling per address: IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack socket reports)
 * becomes IPv4; a port some proxies append (`1.2.3.4:5678`, `[::1]:80`) is dropped.
 */
export function normalizeAddress(raw: string): string | null {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.indexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  const version = isIP(address);
  if (version === 0) return null;
  return version === 4 ? address : address.toLowerCase();
}

/**
 * The key a client's budgets are kept under: its IPv4 address, or its IPv6 /64. One subscriber
 * usually holds a whole /64 (2^64 addresses), so keying by full IPv6 address would give one
 * attacker unlimited budgets.
 */
export function budgetKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, as lowercase hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two more groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/** Loopback: 127.0.0.0/8 and ::1 (already normalized, so no IPv4-mapped forms). */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address);
}
