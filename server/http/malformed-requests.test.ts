import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RelayProcess } from '../test-support/relay-process.ts';
import { rawHttp } from '../test-support/raw-http.ts';
import { removeDir } from '../test-support/server.ts';

/**
 * Requests that used to end the whole process, sent to a real server process: each must get its
 * own answer while the process keeps serving everyone else.
 */
let dir: string;
let server: RelayProcess;
const ASSET = 'app-3f9a1c.js';
const ASSET_BODY = 'console.log("board");\n'; // 22 bytes

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wb-http-'));
  const staticDir = join(dir, 'dist');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>board</title>');
  await writeFile(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(join(staticDir, 'assets', ASSET), ASSET_BODY);
  server = await startRelay({ dataDir: join(dir, 'data'), env: { STATIC_DIR: staticDir } });
});

afterAll(async () => {
  await server.stop();
  await removeDir(dir);
});

const get = (target: string, headers: string[] = []) =>
  rawHttp(
    server.port,
    [`GET ${target} HTTP/1.1`, 'Host: localhost', 'Connection: close', ...headers, '', ''].join(
      '\r\n',
    ),
  );

const upgrade = (target: string) =>
  get(target, [
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  ]);

async function expectStillServing(): Promise<void> {
  expect((await get('/healthz')).status).toBe(200);
  expect(server.process.exitCode).toBeNull();
}

describe('request targets that are no URL', () => {
  const targets = ['http://[', 'http://a:99999/', 'http://%zz/', 'http://[::1/ws/room'];

  it.each(targets)('answers GET %s with 400', async (target) => {
    expect((await get(target)).status).toBe(400);
    await expectStillServing();
  });

  it.each(targets)('answers an upgrade to %s with 400', async (target) => {
    expect((await upgrade(target)).status).toBe(400);
    await expectStillServing();
  });
});

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a garbled request line', 'GARBAGE\r\n\r\n'],
    ['an unknown method', 'BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['a header with no name', 'GET / HTTP/1.1\r\n: x\r\n\r\n'],
  ])('answers %s with 400', async (_what, request) => {
    expect((await rawHttp(server.port, request)).status).toBe(400);
    await expectStillServing();
  });
});

describe('Range headers on static files', () => {
  const asset = `/assets/${ASSET}`;

  it.each([
    ['start past its end', 'bytes=5-1', 200, ASSET_BODY],
    ['end past 2^53', 'bytes=0-9007199254740993', 206, ASSET_BODY],
    ['huge start', `bytes=${'9'.repeat(40)}-`, 416, null],
    ['start past the file', 'bytes=22-', 416, null],
    ['several ranges', 'bytes=0-1,3-4', 200, ASSET_BODY],
    ['one byte', 'bytes=0-0', 206, 'c'],
    ['a suffix', 'bytes=-3', 206, '");\n'.slice(1)],
    ['another unit', 'lines=1-2', 200, ASSET_BODY],
    // Where @fastify/send alone would answer otherwise (see web-app.ts), byte-range.ts decides.
    ['a suffix longer than the file', 'bytes=-1000', 206, ASSET_BODY],
    ['spaces and capitals', 'BYTES = 5 - 6', 206, 'le'],
    ['no digits', 'bytes=-', 200, ASSET_BODY],
    ['letters', 'bytes=a-b', 200, ASSET_BODY],
    ['a fraction', 'bytes=1.5-2', 200, ASSET_BODY],
    ['an overlong header', `bytes=0-${'1'.repeat(300)}`, 200, ASSET_BODY],
  ])('%s (%s) gets %i', async (_what, range, status, body) => {
    const response = await get(asset, [`Range: ${range}`]);
    expect(response.status).toBe(status);
    if (body !== null) expect(response.body).toBe(body);
    else {
      // An error like any other: JSON with its status, none of the file.
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: 416 });
      expect(response.headers['content-range']).toBe('bytes */22');
    }
    await expectStillServing();
  });

  it('caches hashed assets for good and revalidates the page and the service worker', async () => {
    expect((await get(asset)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache');
    expect((await get('/r/room')).headers['cache-control']).toBe('no-cache');
    expect((await get('/')).headers['cache-control']).toBe('no-cache');
  });

  it('never serves a file outside the build', async () => {
    for (const target of ['/../package.json', '/assets/..%2f..%2fpackage.json', '/%00', '/.env']) {
      expect((await get(target)).status, target).toBe(404);
    }
    await expectStillServing();
  });
});
