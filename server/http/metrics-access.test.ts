import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { metricsAccess, type MetricsPolicy } from './metrics-access.ts';

/** metricsAccess reads only the peer address and the headers; a cast keeps the fixture that small. */
const request = (peer: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

const TOKEN = 'prometheus-scrape-secret';
const mainPort: MetricsPolicy = { servedHere: true, dedicated: false, token: null };
const withToken: MetricsPolicy = { ...mainPort, token: TOKEN };

describe('metricsAccess', () => {
  it('serves a loopback client nobody forwarded, on the main port', () => {
    expect(metricsAccess(request('127.0.0.1'), mainPort)).toEqual({ ok: true });
    expect(metricsAccess(request('::1'), mainPort)).toEqual({ ok: true });
    expect(metricsAccess(request('::ffff:127.0.0.1'), mainPort)).toEqual({ ok: true });
  });

  it('hides /metrics (404) from other addresses and from anything a proxy forwarded', () => {
    expect(metricsAccess(request('203.0.113.5'), mainPort)).toEqual({ ok: false, status: 404 });
    const viaProxy = request('127.0.0.1', { 'x-forwarded-for': '203.0.113.5' });
    expect(metricsAccess(viaProxy, mainPort)).toEqual({ ok: false, status: 404 });
    const viaForwarded = request('127.0.0.1', { forwarded: 'for=203.0.113.5' });
    expect(metricsAccess(viaForwarded, mainPort)).toEqual({ ok: false, status: 404 });
  });

  it('opens to a valid bearer token from anywhere, and answers 401 otherwise', () => {
    const remote = (authorization?: string) =>
      request('203.0.113.5', authorization ? { authorization } : {});
    expect(metricsAccess(remote(`Bearer ${TOKEN}`), withToken)).toEqual({ ok: true });
    expect(metricsAccess(remote(`bearer ${TOKEN}`), withToken)).toEqual({ ok: true });
    for (const wrong of [
      undefined,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      TOKEN,
      'Bearer',
    ]) {
      expect(metricsAccess(remote(wrong), withToken), String(wrong)).toEqual({
        ok: false,
        status: 401,
      });
    }
    expect(metricsAccess(request('127.0.0.1'), withToken)).toEqual({ ok: true });
  });

  it('serves nothing on the main port when METRICS_PORT has it, whoever asks', () => {
    const elsewhere = { ...withToken, servedHere: false };
    expect(metricsAccess(request('127.0.0.1'), elsewhere)).toEqual({ ok: false, status: 404 });
    const authorized = request('127.0.0.1', { authorization: `Bearer ${TOKEN}` });
    expect(metricsAccess(authorized, elsewhere)).toEqual({ ok: false, status: 404 });
  });

  it('serves anyone on a dedicated listener without a token, only the token holder with one', () => {
    const dedicated: MetricsPolicy = { servedHere: true, dedicated: true, token: null };
    expect(metricsAccess(request('10.0.0.9'), dedicated)).toEqual({ ok: true });
    const guarded = { ...dedicated, token: TOKEN };
    expect(metricsAccess(request('10.0.0.9'), guarded)).toEqual({ ok: false, status: 401 });
    const authorized = request('10.0.0.9', { authorization: `Bearer ${TOKEN}` });
    expect(metricsAccess(authorized, guarded)).toEqual({ ok: true });
  });
});
