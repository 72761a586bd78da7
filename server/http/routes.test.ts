import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../storage/memory-store.ts';
import { stockClient, synced, waitFor } from '../test-support/clients.ts';
import { rawHttp } from '../test-support/raw-http.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = null;
});

const get = (path: string, init?: RequestInit) => fetch(`${server!.url}${path}`, init);

describe('probes and metrics', () => {
  it('answers /healthz, and /readyz only while storage is open', async () => {
    const store = new MemoryStore();
    server = await startTestServer({}, store);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    await store.close();
    expect((await get('/readyz')).status).toBe(503);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('exposes connection, room, message, byte and storage metrics in Prometheus format', async () => {
    server = await startTestServer();
    const client = stockClient(server.wsUrl, 'metered');
    await waitFor(synced(client), 'synced');
    client.doc.getMap('m').set('k', 'v');
    const watcher = stockClient(server.wsUrl, 'metered');
    await waitFor(() => watcher.doc.getMap('m').get('k') === 'v', 'write stored and relayed');
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = await response.text();
    expect(body).toMatch(/^relay_connections 2$/m);
    expect(body).toMatch(/^relay_rooms_loaded 1$/m);
    expect(body).toMatch(/^relay_messages_received_total\{type="sync-update"\} [1-9]/m);
    expect(body).toMatch(/^relay_messages_sent_total\{type="sync"\} [1-9]/m);
    expect(body).toMatch(/^relay_bytes_received_total [1-9]/m);
    expect(body).toMatch(/^relay_bytes_sent_total [1-9]/m);
    expect(body).toMatch(/^relay_storage_write_seconds_count [1-9]/m);
    expect(body).toMatch(/^process_resident_memory_bytes /m);
    expect(body).toMatch(/^relay_sync_encodings_total [1-9]/m);
    // One instance on LevelDB has no room streams to trail: no such gauges, rather than 0s.
    expect(body).not.toMatch(/^relay_cluster_(stream_lag|oldest_uncompacted)/m);
    client.destroy();
    watcher.destroy();
    await waitFor(() => server!.connectionCount() === 0, 'clients gone');
    const after = await (await get('/metrics')).text();
    expect(after).toMatch(/^relay_connections_closed_total\{reason="client_closed"\} 2$/m);
  });
});

describe('who may read /metrics', () => {
  const TOKEN = 'scrape-token-0123456789';
  const forwarded = { 'x-forwarded-for': '203.0.113.5' };

  it('hides it (404) from anything a proxy forwarded, even on loopback', async () => {
    server = await startTestServer();
    expect((await get('/metrics')).status).toBe(200);
    const response = await get('/metrics', { headers: forwarded });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('relay_');
  });

  it('asks for the token (401) where one is set, and opens to it', async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN });
    const refused = await get('/metrics', { headers: forwarded });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await get('/metrics', {
      headers: { ...forwarded, authorization: `Bearer ${TOKEN.slice(1)}` },
    });
    expect(wrong.status).toBe(401);
    const authorized = await get('/metrics', {
      headers: { ...forwarded, authorization: `Bearer ${TOKEN}` },
    });
    expect(authorized.status).toBe(200);
    expect(await authorized.text()).toMatch(/^relay_connections 0$/m);
  });

  it('serves it only on METRICS_PORT when that is set', async () => {
    server = await startTestServer({ METRICS_PORT: '0' });
    expect(server.metricsUrl).not.toBe(server.url);
    expect((await get('/metrics')).status).toBe(404);
    const scraped = await fetch(`${server.metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^relay_connections 0$/m);
    expect((await fetch(`${server.metricsUrl}/healthz`)).status).toBe(404);
    expect((await fetch(`${server.metricsUrl}/`)).status).toBe(404);
  });
});

describe('error boundaries', () => {
  it('answers a request whose handler throws with 500, counts it, and keeps serving', async () => {
    const store = new MemoryStore();
    // A store whose readiness check throws: the fault is inside one request's handling.
    const broken = Object.create(store, {
      ready: {
        get() {
          throw new Error('probe exploded');
        },
      },
    }) as MemoryStore;
    server = await startTestServer({}, broken);
    expect((await get('/readyz')).status).toBe(500);
    expect((await get('/readyz')).status).toBe(500);
    expect((await get('/healthz')).status).toBe(200);
    expect(await (await get('/metrics')).text()).toMatch(/^relay_errors_total\{kind="http"\} 2$/m);
  });
});

describe('the web app routes', () => {
  it('serves the app at / and /r/<room>, refuses bad room names with 400', async () => {
    server = await startTestServer();
    const staticDir = join(server.dataDir, 'no-static');
    // Not built yet: a clear 503 rather than an empty page.
    expect((await get('/r/some-room')).status).toBe(503);
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>board</title>');
    await writeFile(join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    await server.close();
    server = await startTestServer({ STATIC_DIR: staticDir }, undefined, server.dataDir);

    for (const path of ['/', '/r/some-room', '/r/A_b-9', '/l']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<title>board</title>');
    }
    expect((await get('/assets/app-abc123.js')).status).toBe(200);
    expect((await get(`/r/${'x'.repeat(65)}`)).status).toBe(400);
    expect((await get('/r/bad.name')).status).toBe(400);
    expect((await get(`/r/${'x'.repeat(200)}`)).status).toBe(400);
    expect((await get('/r/a%2Fb')).status).toBe(400);
    expect((await get('/r/a/b')).status).toBe(404);
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/r/ok', { method: 'POST' })).status).toBe(405);
  });

  it('answers HEAD like GET without a body', async () => {
    server = await startTestServer({ STATIC_DIR: await builtApp() }, undefined);
    for (const path of ['/', '/r/room', '/assets/app-abc123.js', '/healthz']) {
      const [head, full] = [await get(path, { method: 'HEAD' }), await get(path)];
      expect(head.status, path).toBe(200);
      expect(head.headers.get('content-type'), path).toBe(full.headers.get('content-type'));
      expect(await head.text(), path).toBe('');
    }
  });

  it('sends security headers whose policy lets the app run over plain HTTP and ws://', async () => {
    server = await startTestServer({ STATIC_DIR: await builtApp() }, undefined);
    for (const path of ['/r/room', '/assets/app-abc123.js', '/nope']) {
      const response = await get(path);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("script-src 'self'");
      expect(policy, path).toContain("connect-src 'self'");
      expect(policy, path).toContain("img-src 'self' data: blob:");
      expect(policy, path).not.toContain('upgrade-insecure-requests');
      expect(policy, path).not.toContain('unsafe');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('strict-transport-security'), path).toBeNull();
    }
  });
});

describe('errors', () => {
  it('are JSON with their status, whatever went wrong', async () => {
    server = await startTestServer();
    const notFound = await get('/nope');
    expect(notFound.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await notFound.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'not found',
    });
    const wrongMethod = await get('/healthz', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    expect(await wrongMethod.json()).toMatchObject({ statusCode: 405 });
    const notBuilt = await get('/');
    expect(notBuilt.status).toBe(503);
    expect(await notBuilt.json()).toMatchObject({ statusCode: 503 });
  });

  it('routes an absolute-form target by its path, as the URL parser reads it', async () => {
    server = await startTestServer();
    const response = await rawHttp(
      server.port,
      'GET http://localhost/healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(response.status).toBe(200);
    expect((await get('/r/../healthz')).status).toBe(200);
  });
});

/** A small build: index.html and one hashed asset, in a folder of the test's own. */
async function builtApp(): Promise<string> {
  const staticDir = await mkdtemp(join(tmpdir(), 'wb-static-'));
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>board</title>');
  await writeFile(join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  builds.push(staticDir);
  return staticDir;
}
const builds: string[] = [];
afterAll(async () => {
  for (const dir of builds) await removeDir(dir);
});
