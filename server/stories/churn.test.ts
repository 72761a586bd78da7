import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LevelStore } from '../storage/level-store.ts';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { within } from '../test-support/relay-harness.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

const ROOM = 'big-board';
/** 1,500 strokes of 1 KiB: a snapshot of about 1.5 MiB, sent in one update under the 4 MiB cap. */
const STROKES = 1500;

let server: TestServer | null = null;
let level: LevelStore | null = null;
let dataDir = '';
const clients: StockClient[] = [];

async function start(env: Record<string, string>): Promise<InstrumentedStore> {
  dataDir = await mkdtemp(join(tmpdir(), 'wb-churn-'));
  level = await LevelStore.open(dataDir);
  const store = new InstrumentedStore(level);
  server = await startTestServer(env, store, dataDir);
  return store;
}

function visit(): StockClient {
  const client = stockClient(server!.wsUrl, ROOM);
  clients.push(client);
  return client;
}

function leave(client: StockClient): void {
  client.destroy();
  clients.splice(clients.indexOf(client), 1);
}

const strokes = (client: StockClient) => client.doc.getArray<string>('strokes');

/** Someone draws a big board, sees it stored (a watcher has it), and everyone leaves. */
async function drawBigBoard(): Promise<void> {
  const artist = visit();
  const watcher = visit();
  await waitFor(() => artist.provider.synced && watcher.provider.synced, 'both synced');
  strokes(artist).push(Array.from({ length: STROKES }, (_, i) => `${i}:${'x'.repeat(1024)}`));
  await waitFor(() => strokes(watcher).length === STROKES, 'the board is stored', 20_000);
  leave(artist);
  leave(watcher);
}

/** Connect, add one tiny stroke, see it stored, leave: the churn that rewrote whole rooms. */
async function churn(cycles: number): Promise<void> {
  for (let cycle = 0; cycle < cycles; cycle++) {
    const visitor = visit();
    const watcher = visit();
    await waitFor(() => visitor.provider.synced && watcher.provider.synced, 'visitors synced');
    const before = strokes(watcher).length;
    strokes(visitor).push([`churn-${cycle}`]);
    await waitFor(() => strokes(watcher).length === before + 1, `churn ${cycle} stored`);
    leave(visitor);
    leave(watcher);
    await waitFor(() => server!.connectionCount() === 0, 'visitors gone');
  }
}

async function expectBoardIntact(cycles: number): Promise<void> {
  const reader = visit();
  await waitFor(() => strokes(reader).length === STROKES + cycles, 'the whole board', 20_000);
  const churned = strokes(reader)
    .toArray()
    .filter((stroke) => stroke.startsWith('churn-'));
  expect(churned.sort()).toEqual(Array.from({ length: cycles }, (_, i) => `churn-${i}`).sort());
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  if (level && level.health !== 'closed') await level.close();
  await removeDir(dataDir);
  server = null;
});

describe('connection churn on a big room', () => {
  it('unloads the room every time yet never rewrites its snapshot for a tiny change', async () => {
    const store = await start({ ROOM_IDLE_UNLOAD_MS: '0' });
    await drawBigBoard();
    await waitFor(() => server!.rooms.size === 0, 'the board unloaded');
    // The first unload folds the new room's log into its snapshot: that is the whole room.
    expect(store.calls.compact).toBe(1);
    const loadsBefore = store.calls.load;

    await churn(10);
    await waitFor(() => server!.rooms.size === 0, 'the board unloaded');
    expect(store.calls.load - loadsBefore, 'a load per cycle: it did unload').toBe(10);
    expect(store.calls.compact, 'no compaction for ten tiny strokes').toBe(1);
    const stored = await level!.load(ROOM);
    expect(stored.tailCount).toBe(10);
    await expectBoardIntact(10);
  });

  it('keeps an empty room warm, so churn neither reloads nor rewrites it', async () => {
    const store = await start({ ROOM_IDLE_UNLOAD_MS: '60000' });
    await drawBigBoard();
    await waitFor(() => server!.connectionCount() === 0, 'everyone gone');
    await churn(10);
    expect(server!.rooms.size, 'still loaded after everyone left').toBe(1);
    expect(store.calls.load, 'loaded once, kept warm through the churn').toBe(1);
    expect(store.calls.compact).toBe(0);
    // Shutdown does not wait for the warm period: everything is stored and closed at once.
    await within(server!.close(), 10_000, 'shutdown');
    const stored = await level!.load(ROOM);
    const doc = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(doc.getArray('strokes').length, 'the board and ten strokes stored').toBe(STROKES + 10);
    expect(store.calls.compact).toBe(1);
  });

  it('unloads a warm room once it has stayed empty, and reloads it intact', async () => {
    const store = await start({ ROOM_IDLE_UNLOAD_MS: '200' });
    await drawBigBoard();
    await waitFor(() => server!.rooms.size === 0, 'the idle board unloaded');
    expect(store.calls.load).toBe(1);
    await expectBoardIntact(0);
    expect(store.calls.load).toBe(2);
  });
});
