import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LevelAuthorStore } from '../authors/level-author-store.ts';
import { LevelStore } from '../storage/level-store.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { startRedis, startRedisCluster } from '../test-support/redis.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { copyRooms, type RoomsPlace } from './copy-rooms-core.ts';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url);

const dirs: string[] = [];
const clients: StockClient[] = [];
let server: TestServer | undefined;
const redisCleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of redisCleanups.splice(0)) await cleanup();
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wb-copy-'));
  dirs.push(dir);
  return dir;
}

function connect(wsUrl: string, room: string): StockClient {
  const client = stockClient(wsUrl, room);
  clients.push(client);
  return client;
}

/** `npm run rooms:copy -- …` as an operator runs it; resolves with its status and output. */
async function roomsCopy(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/tools/copy-rooms.ts', ...args],
      { cwd: repoRoot },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What people drew in three rooms: one compacted (snapshot and tail), with deletions. */
const ROOMS = { plain: 40, erased: 60, compacted: 250 } as const;

async function drawIn(wsUrl: string): Promise<Record<string, unknown[]>> {
  const drawn: Record<string, unknown[]> = {};
  for (const [room, count] of Object.entries(ROOMS)) {
    const writer = connect(wsUrl, room);
    const reader = connect(wsUrl, room);
    await waitFor(synced(writer), `writer of ${room} synced`);
    const items = writer.doc.getArray<string>('notes');
    for (let i = 0; i < count; i++) items.push([`${room}-${i}`]);
    if (room === 'erased') items.delete(10, 30);
    // The reader has it once the relay has stored it: the echo means stored.
    await waitFor(
      () => reader.doc.getArray('notes').length === items.length,
      `the relay stored ${room}`,
    );
    drawn[room] = items.toArray();
  }
  return drawn;
}

it('copies every room of a folder to another, verified, and a relay on the copy serves them all', async () => {
  const { dir: source, drawn } = await drawnFolder();

  const destination = join(await folder(), 'copy');
  const first = await roomsCopy(
    '--from',
    `leveldb:${source}`,
    '--to',
    `leveldb:${destination}`,
    '--verify',
  );
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  expect(first.stdout).toContain('3 rooms: 3 copied, 0 already the same');
  expect(first.stdout).toContain('verified 3 rooms: 0 differ');

  const again = await roomsCopy(
    '--from',
    `leveldb:${source}`,
    '--to',
    `leveldb:${destination}`,
    '--verify',
  );
  expect(again.status).toBe(0);
  expect(again.stdout, 'a second run writes nothing').toContain(
    '3 rooms: 0 copied, 3 already the same',
  );

  server = await startTestServer({}, undefined, destination);
  for (const [room, items] of Object.entries(drawn)) {
    const reader = connect(server.wsUrl, room);
    await waitFor(synced(reader), `reader of the copied ${room} synced`);
    expect(reader.doc.getArray('notes').toArray(), room).toEqual(items);
  }
});

/** A relay's folder with the three rooms drawn in it, the relay stopped; and what was drawn. */
async function drawnFolder(): Promise<{ dir: string; drawn: Record<string, unknown[]> }> {
  const dir = await folder();
  // Compacts every 100 updates: `compacted` is stored as a snapshot and a tail.
  server = await startTestServer({ COMPACT_AFTER_UPDATES: '100' }, undefined, dir);
  const drawn = await drawIn(server.wsUrl);
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
  server = undefined;
  return { dir, drawn };
}

const redisKinds = [
  [
    'one Redis',
    async () => {
      const redis = await startRedis();
      redisCleanups.push(() => redis.cleanup());
      return redis.url;
    },
  ],
  [
    'a three-master Redis Cluster',
    async () => {
      const cluster = await startRedisCluster();
      redisCleanups.push(() => cluster.cleanup());
      // Any node: the tool finds the whole Cluster from it.
      return cluster.nodes[1]!.url;
    },
  ],
] as const;

describe.each(redisKinds)('rooms:copy with %s', (_name, startOne) => {
  it('moves a folder into Redis and back, verified both ways, and a relay serves the round trip', async () => {
    const { dir, drawn } = await drawnFolder();
    const redisUrl = await startOne();
    const into = await roomsCopy('--from', `leveldb:${dir}`, '--to', redisUrl, '--verify');
    expect(into.stderr).toBe('');
    expect(into.status).toBe(0);
    expect(into.stdout).toContain('3 rooms: 3 copied');
    expect(into.stdout).toContain('verified 3 rooms: 0 differ');

    const back = join(await folder(), 'back');
    const out = await roomsCopy('--from', redisUrl, '--to', `leveldb:${back}`, '--verify');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('3 rooms: 3 copied');
    expect(out.stdout).toContain('verified 3 rooms: 0 differ');

    server = await startTestServer({}, undefined, back);
    for (const [room, items] of Object.entries(drawn)) {
      const reader = connect(server.wsUrl, room);
      await waitFor(synced(reader), `reader of ${room}, back from Redis, synced`);
      expect(reader.doc.getArray('notes').toArray(), room).toEqual(items);
    }
  }, 90_000);
});

it('refuses what it cannot do with status 2, before touching anything', async () => {
  const dir = await folder();
  const missing = await roomsCopy('--from', `leveldb:${dir}`);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('--to: missing');
  const same = await roomsCopy('--from', `leveldb:${dir}`, '--to', `leveldb:${dir}`);
  expect(same.status).toBe(2);
  expect(same.stderr).toContain('the same place');
  const unknown = await roomsCopy('--from', `leveldb:${dir}`, '--to', 'mysql://x');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('neither leveldb:<folder> nor redis://');
  const nobody = await roomsCopy('--from', `leveldb:${dir}`, '--to', 'redis://127.0.0.1:1');
  expect(nobody.status, 'a Redis that does not answer').toBe(2);
  expect(nobody.stderr).toContain('--to: cannot open');

  server = await startTestServer({}, undefined, dir);
  const locked = await roomsCopy('--from', `leveldb:${dir}`, '--to', `leveldb:${dir}-copy`);
  expect(locked.status, 'a folder a relay holds is locked').toBe(2);
  expect(locked.stderr).toContain('--from: cannot open');
});

it('copies author bindings with their rooms, and keeps a binding the destination made differently', async () => {
  const place = async (): Promise<RoomsPlace> => {
    const store = await LevelStore.open(join(await folder(), 'db'));
    return {
      store,
      authors: new LevelAuthorStore(store.table('authors')),
      rooms: () => store.rooms(),
      close: () => store.close(),
    };
  };
  const from = await place();
  const to = await place();
  const doc = new Y.Doc();
  doc.getArray('notes').push(['mine']);
  await from.store.append('bound', [Y.encodeStateAsUpdate(doc)]);
  await from.authors.bind('bound', [
    { client: doc.clientID, key: 'alice' },
    { client: 7, key: 'bob' },
  ]);
  await to.authors.bind('bound', [{ client: 7, key: 'mallory' }]);

  const report = await copyRooms(from, to, { verify: true });
  const bindings = await to.authors.load('bound');
  await from.close();
  await to.close();
  expect(report.rooms).toEqual([{ room: 'bound', kind: 'conflict', clients: [7] }]);
  expect(report.verified).toEqual([
    { room: 'bound', kind: 'differs', reason: '1 author bindings' },
  ]);
  expect(bindings).toEqual(
    expect.arrayContaining([
      { client: doc.clientID, key: 'alice' },
      { client: 7, key: 'mallory' },
    ]),
  );
});
