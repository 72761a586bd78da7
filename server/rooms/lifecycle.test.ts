import type { CloseEvent } from 'ws';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelStore } from '../storage/level-store.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';
import { THROWS_WHEN_APPLIED } from '../test-support/poison-updates.ts';

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

  it('unloads a room once its last client leaves, storing it as one snapshot', async () => {
    const { server } = await start();
    const a = join_('brief');
    const b = join_('brief');
    await waitFor(() => a.provider.synced && b.provider.synced, 'both synced');
    for (let i = 0; i < 30; i++) a.doc.getMap('m').set(`k${i}`, i);
    await waitFor(() => b.doc.getMap('m').size === 30, 'b sees all');
    leave(a);
    await waitFor(() => server.rooms.size === 1 && server.connectionCount() === 1, 'a gone');
    leave(b);
    await waitFor(() => server.rooms.size === 0, 'room unloaded');
    const stored = await level!.load('brief');
    expect(stored.tailCount).toBe(0);
    expect(stored.updates).toHaveLength(1);
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

  it('compacts the update log in the background once it passes the configured count', async () => {
    const { store } = await start({ COMPACT_AFTER_UPDATES: '50' });
    const a = join_('long');
    const b = join_('long');
    await waitFor(() => a.provider.synced && b.provider.synced, 'both synced');
    // Three rounds of 60: each round's writes push the log past 50 and trigger a compaction.
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 60; i++) a.doc.getArray('x').push([i]);
      await waitFor(() => b.doc.getArray('x').length === 60 * round, `b has round ${round}`);
      await waitFor(() => store.calls.compact >= round, `compaction ${round}`);
    }
    const stored = await level!.load('long');
    expect(stored.tailCount).toBeLessThan(50);
    const fresh = join_('long');
    await waitFor(() => fresh.doc.getArray('x').length === 180, 'fresh client loads all 180');
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

  it('drops the room when a write fails; clients reconnect and their edit is stored, not lost', async () => {
    const { store } = await start();
    const a = join_('disk-full');
    const b = join_('disk-full');
    await waitFor(() => a.provider.synced && b.provider.synced, 'both synced');
    const codesA = closeCodes(a);
    let bobTextWhenAWasClosed: string | null = null;
    a.provider.once(
      'connection-close',
      () => (bobTextWhenAWasClosed = b.doc.getText('t').toString()),
    );
    store.failAppends = 1;
    a.doc.getText('t').insert(0, 'survives');
    await waitFor(() => codesA.includes(1011), 'a closed with 1011');
    // The server relayed nothing it could not store...
    expect(bobTextWhenAWasClosed).toBe('');
    // ...and once the clients reconnect, sync delivers the edit again and it is stored.
    await waitFor(
      () => b.doc.getText('t').toString() === 'survives',
      'b gets the edit after resync',
    );
    const d = join_('disk-full');
    await waitFor(() => d.doc.getText('t').toString() === 'survives', 'fresh client sees it');
  });

  it('finishes writes in flight before closing on shutdown', async () => {
    const { server, store } = await start();
    const a = join_('slow-disk');
    await waitFor(synced(a), 'a synced');
    store.appendDelayMs = 300;
    for (let i = 0; i < 20; i++) a.doc.getArray('x').push([i]);
    await waitFor(() => store.calls.append >= 1, 'a write started');
    await server.close();
    const stored = await level!.load('slow-disk');
    expect(stored.nextSeq).toBe(20);
  });
});

describe('a log entry that cannot be applied', () => {
  it('is skipped with an error instead of locking everyone out of the room', async () => {
    const { server } = await start();
    const a = join_('scarred');
    await waitFor(synced(a), 'a synced');
    a.doc.getText('t').insert(0, 'good work');
    const b = join_('scarred');
    await waitFor(() => b.doc.getText('t').toString() === 'good work', 'stored');
    leave(a);
    leave(b);
    await waitFor(() => server.rooms.size === 0, 'room unloaded');
    // Bytes that parse but make Y.applyUpdate throw, written straight into the log, as a Yjs
    // bug or a damaged disk might have left them.
    const stored = await level!.load('scarred');
    await level!.append('scarred', stored.nextSeq, [THROWS_WHEN_APPLIED]);

    const c = join_('scarred');
    await waitFor(synced(c), 'c synced');
    expect(c.doc.getText('t').toString()).toBe('good work');
    const metrics = await server.metrics.render();
    expect(metrics).toMatch(/relay_errors_total\{kind="stored_update_skipped"\} 1/);
  });
});
