import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rawHttp } from '../test-support/raw-http.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

/**
 * The headers every answer of the main port carries, read off a real server: a page, a built
 * file and errors of each kind (the error boundary, a route's own, and the 400 given before any
 * route runs).
 */
let server: TestServer | null = null;
let staticDir: string | null = null;
afterEach(async () => {
  await server?.close();
  if (server) await removeDir(server.dataDir);
  if (staticDir) await removeDir(staticDir);
  server = null;
  staticDir = null;
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  staticDir = await mkdtemp(join(tmpdir(), 'wb-static-'));
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>board</title>');
  await writeFile(join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  server = await startTestServer({ STATIC_DIR: staticDir, ...env });
  return server;
}

/** Each kind of answer, with the status it gets and its headers (names in lowercase). */
async function answers(current: TestServer): Promise<Array<[string, number, Headers]>> {
  const get = async (path: string, init?: RequestInit): Promise<[string, number, Headers]> => {
    const response = await fetch(`${current.url}${path}`, init);
    await response.arrayBuffer();
    return [`${init?.method ?? 'GET'} ${path}`, response.status, response.headers];
  };
  const invalid = await rawHttp(
    current.port,
    'GET http://[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
  );
  return [
    await get('/r/lobby'),
    await get('/assets/app-abc123.js'),
    await get('/nope'),
    await get('/r/bad.name'),
    await get('/healthz', { method: 'DELETE' }),
    ['GET http://[', invalid.status, new Headers(invalid.headers)],
  ];
}

describe('security headers', () => {
  it('are on a page, a built file and every kind of error', async () => {
    const seen = await answers(await start());
    expect(seen.map(([what, status]) => `${what} ${status}`)).toEqual([
      'GET /r/lobby 200',
      'GET /assets/app-abc123.js 200',
      'GET /nope 404',
      'GET /r/bad.name 400',
      'DELETE /healthz 405',
      'GET http://[ 400',
    ]);
    for (const [what, , headers] of seen) {
      const policy = headers.get('content-security-policy') ?? '';
      expect(policy, what).toContain("script-src 'self'");
      expect(policy, what).toContain("script-src-attr 'none'");
      expect(policy, what).not.toContain('unsafe-inline');
      expect(policy, what).toContain("frame-ancestors 'self'");
      expect(headers.get('x-frame-options'), what).toBe('SAMEORIGIN');
      expect(headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(headers.get('referrer-policy'), what).toBe('no-referrer');
      // Plain HTTP: HSTS is for TLS (stories/tls.test.ts) or the proxy in front.
      expect(headers.get('strict-transport-security'), what).toBeNull();
    }
  });

  it('let the pages FRAME_ANCESTORS names embed the app, and drop X-Frame-Options, which cannot', async () => {
    const seen = await answers(await start({ FRAME_ANCESTORS: "'self' https://*.example.com" }));
    for (const [what, , headers] of seen) {
      const policy = headers.get('content-security-policy') ?? '';
      expect(policy, what).toContain("frame-ancestors 'self' https://*.example.com;");
      expect(headers.get('x-frame-options'), what).toBeNull();
      expect(headers.get('referrer-policy'), what).toBe('no-referrer');
    }
  });

  it("forbid every frame with 'none'", async () => {
    const seen = await answers(await start({ FRAME_ANCESTORS: "'none'" }));
    for (const [what, , headers] of seen) {
      expect(headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
      expect(headers.get('x-frame-options'), what).toBe('DENY');
    }
  });
});
