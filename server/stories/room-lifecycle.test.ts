import type { CloseEvent } from 'ws';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelStore } from '../storage/level-store.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

let server: TestServer | null = null;
let level: LevelStore | null = null;
let dataDir = '';
const clients: StockClient[] = [];

async function start(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; store: InstrumentedStore }> {
  dataDir = await mkdtemp(join(tmpdir(), 'wb-life-'));
  level = await LevelStore.open(dataDir);
  const store = new InstrumentedStore(level);
  server = await startTestServer(env, store, dataDir);
  return { server, store };
}

function join_(room: string): StockClient {
  const client = stockClient(server!.wsUrl, room);
  clients.push(client);
  return client;
}

function leave(client: StockClient): void {
  client.destroy();
  clients.splice(clients.indexOf(client), 1);
}

/** Every close code the client's socket reports. */
function closeCodes(client: StockClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  if (level && level.health !== 'closed') await level.close();
  await removeDir(dataDir);
  server = null;
});

describe('room lifecycle', () => {
  it('shares one load between concurrent first connections and answers none before it completes', async () => {
    const { server, store } = await start();
    const writer = join_('shared');
    await waitFor(synced(writer), 'writer synced');
    for (let i = 0; i < 100; i++) writer.doc.getArray('a').push([i]);
    const watcher = join_('shared');
    await waitFor(() => watcher.doc.getArray('a').length === 100, 'watcher has all');
    leave(writer);
    leave(watcher);
    await waitFor(() => server.rooms.size === 0, 'room unloaded');

    store.loadDelayMs = 300;
    const loadsBefore = store.calls.load;
    const joiners = Array.from({ length: 10 }, () => join_('shared'));
    // Whenever a joiner first reports synced, it must already hold the whole stored room.
    const lengthsAtSync: number[] = [];
    for (const joiner of joiners) {
      joiner.provider.once('sync', () => lengthsAtSync.push(joiner.doc.getArray('a').length));
    }
    await waitFor(() => lengthsAtSync.length === 10, 'all joiners synced');
    expect(lengthsAtSync).toEqual(Array(10).fill(100));
    expect(store.calls.load - loadsBefore).toBe(1);
  });

  it('reloads a room that a newcomer joins while it is unloading', async () => {
    const { server } = await start();
    const a = join_('flicker');
    await waitFor(synced(a), 'a synced');
    a.doc.getText('t').insert(0, 'kept');
    const b = join_('flicker');
    await waitFor(() => b.doc.getText('t').toString() === 'kept', 'b sees text');
    leave(a);
    leave(b);
    const c = join_('flicker'); // arrives while the room drains and compacts
    await waitFor(synced(c), 'c synced');
    expect(c.doc.getText('t').toString()).toBe('kept');
    await waitFor(() => server.rooms.size === 1, 'room loaded once more');
  });
});

describe('storage failures', () => {
  it('closes a room with 1011 when its load fails, and never stores an empty room over it', async () => {
    const { server, store } = await start();
    const a = join_('precious');
    await waitFor(synced(a), 'a synced');
    a.doc.getText('t').insert(0, 'precious work');
    const b = join_('precious');
    await waitFor(() => b.doc.getText('t').toString() === 'precious work', 'stored');
    leave(a);
    leave(b);
    await waitFor(() => server.rooms.size === 0, 'room unloaded');

    store.failLoads = 1;
    const appendsBefore = store.calls.append;
    const c = join_('precious');
    const codes = closeCodes(c);
    // The stock client reconnects by itself; its second attempt loads the room for real.
    await waitFor(() => codes.includes(1011), 'closed with 1011');
    await waitFor(synced(c), 'c synced after the retry');
    expect(c.doc.getText('t').toString()).toBe('precious work');
    expect(store.calls.append).toBe(appendsBefore);
  });
});
