import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkOrigin, parseOrigin, requestTarget } from './origin-check.ts';

const OWN = 'http://board.example:3000';
const allowed = new Set(['https://app.example']);
const check = (origin: string | undefined, target: string | null = OWN) =>
  checkOrigin({ origin, target }, allowed);

/** requestTarget reads the socket's `encrypted` and the headers only; a cast keeps it that small. */
const request = (headers: Record<string, string>, encrypted = false): IncomingMessage =>
  ({ headers, socket: encrypted ? { encrypted } : {} }) as unknown as IncomingMessage;

describe('parseOrigin', () => {
  it.each([
    ['https://board.example', 'https://board.example'],
    ['HTTPS://Board.Example', 'https://board.example'],
    ['https://board.example:443', 'https://board.example'],
    ['http://board.example:80', 'http://board.example'],
    ['http://board.example:8080', 'http://board.example:8080'],
    ['https://board.example/', 'https://board.example'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('reads %s as %s', (text, origin) => {
    expect(parseOrigin(text)).toBe(origin);
  });

  it.each([
    'null',
    '',
    'board.example',
    'file:///home/me/board.html',
    'ws://board.example',
    'chrome-extension://abcdef',
    'https://board.example/path',
    'https://board.example?x=1',
    'https://board.example#top',
    'https://user:pw@board.example',
    'https://a.example, https://b.example',
    'https://',
    'https://*.example.com',
    'https://a_b$.example',
  ])('refuses %j', (text) => {
    expect(parseOrigin(text)).toBeNull();
  });
});

describe('checkOrigin', () => {
  it('lets a request without Origin through: programs send none', () => {
    expect(check(undefined)).toEqual({ ok: true });
    expect(check(undefined, null)).toEqual({ ok: true });
  });

  it("lets the relay's own origin through, spelled as browsers may", () => {
    expect(check(OWN)).toEqual({ ok: true });
    expect(check('HTTP://BOARD.example:3000')).toEqual({ ok: true });
    expect(check('https://board.example', 'https://board.example')).toEqual({ ok: true });
    expect(check('https://board.example:443', 'https://board.example')).toEqual({ ok: true });
  });

  it('lets a listed origin through', () => {
    expect(check('https://app.example')).toEqual({ ok: true });
    expect(check('https://app.example:443')).toEqual({ ok: true });
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['another scheme', 'https://board.example:3000'],
    ['another port', 'http://board.example:3001'],
    ['the default port of the scheme', 'http://board.example'],
    ['a subdomain', 'http://www.board.example:3000'],
    ['a listed host on another scheme', 'http://app.example'],
    ['a listed host on another port', 'https://app.example:8443'],
    ['an opaque origin', 'null'],
    ['a file page', 'file://'],
    ['garbage', '\u0000<script>'],
  ])('refuses %s with 403', (_what, origin) => {
    expect(check(origin)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses every Origin but the listed ones when the request names no target', () => {
    expect(check(OWN, null)).toMatchObject({ ok: false, status: 403 });
    expect(check('https://app.example', null)).toEqual({ ok: true });
  });

  it('says which origin it refused, in printable ASCII', () => {
    expect(check('https://evil.example')).toMatchObject({
      message: 'origin https://evil.example is not allowed',
    });
    const refusal = check(`x\r\nSet-Cookie: a=b${'y'.repeat(500)}`);
    expect(refusal.ok).toBe(false);
    if (!refusal.ok) {
      expect(refusal.message).not.toMatch(/[\r\n]/);
      expect(refusal.message.length).toBeLessThan(160);
    }
  });
});

describe('requestTarget', () => {
  it('is http:// plus Host on a plain socket, https:// on a TLS one', () => {
    expect(requestTarget(request({ host: 'board.example:3000' }), false)).toBe(OWN);
    expect(requestTarget(request({ host: 'board.example:443' }, true), false)).toBe(
      'https://board.example',
    );
  });

  it('is null without a usable Host', () => {
    expect(requestTarget(request({}), false)).toBeNull();
    expect(requestTarget(request({ host: '' }), false)).toBeNull();
    expect(requestTarget(request({ host: 'evil.example/x' }), false)).toBeNull();
    expect(requestTarget(request({ host: 'user@evil.example' }), false)).toBeNull();
    expect(requestTarget(request({ host: 'a b' }), false)).toBeNull();
  });

  const forwarded = {
    host: '127.0.0.1:3000',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'board.example',
  };

  it('ignores X-Forwarded-Proto and -Host unless a trusted proxy sent them', () => {
    expect(requestTarget(request(forwarded), false)).toBe('http://127.0.0.1:3000');
  });

  it('believes the leftmost X-Forwarded-Proto and -Host of a trusted proxy', () => {
    expect(requestTarget(request(forwarded), true)).toBe('https://board.example');
    const chained = {
      ...forwarded,
      'x-forwarded-proto': 'https, http',
      'x-forwarded-host': 'board.example, internal:8080',
    };
    expect(requestTarget(request(chained), true)).toBe('https://board.example');
    // Only the scheme forwarded: Host still names the site.
    expect(
      requestTarget(request({ host: 'board.example', 'x-forwarded-proto': 'https' }), true),
    ).toBe('https://board.example');
  });

  it('is null when a trusted proxy forwards something that makes no http(s) origin', () => {
    expect(requestTarget(request({ ...forwarded, 'x-forwarded-proto': 'gopher' }), true)).toBe(
      null,
    );
    expect(requestTarget(request({ ...forwarded, 'x-forwarded-host': 'a/b' }), true)).toBeNull();
  });
});
