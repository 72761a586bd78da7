import type { CloseEvent } from 'ws';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelStore } from '../storage/level-store.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { startRelay, type RelayProcess } from '../test-support/relay-process.ts';

const UPDATES = 3000;
const clients: StockClient[] = [];
const processes: RelayProcess[] = [];
const dirs: string[] = [];

async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wb-proc-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, env: Record<string, string> = {}): Promise<RelayProcess> {
  const server = await startRelay({ dataDir, env });
  processes.push(server);
  return server;
}

function connect(server: RelayProcess, room: string): StockClient {
  const client = stockClient(server.wsUrl, room);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of processes.splice(0)) {
    await server.kill();
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('a server process that dies', () => {
  it('loses no update a client has seen when killed with SIGKILL', async () => {
    const dataDir = await freshDataDir();
    const server = await start(dataDir);
    const writer = connect(server, 'crash');
    const reader = connect(server, 'crash');
    await waitFor(synced(writer), 'writer synced');
    await waitFor(synced(reader), 'reader synced');

    const strokes = writer.doc.getArray<number>('strokes');
    for (let i = 0; i < UPDATES; i++) strokes.push([i]); // one update message each
    await waitFor(
      () => reader.doc.getArray('strokes').length === UPDATES,
      'reader has every update',
      30_000,
    );
    server.process.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    writer.destroy();
    reader.destroy();

    const restarted = await start(dataDir);
    const fresh = connect(restarted, 'crash');
    await waitFor(synced(fresh), 'fresh client synced');
    const recovered = fresh.doc.getArray<number>('strokes').toArray();
    expect(recovered).toHaveLength(UPDATES);
    expect(new Set(recovered).size).toBe(UPDATES);
  });
});

describe('a server process asked to stop', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal} stores every room, closes clients with 1001 and exits 0`, async () => {
      const dataDir = await freshDataDir();
      const server = await start(dataDir, { COMPACT_AFTER_UPDATES: '100000' });
      const alice = connect(server, 'stop-a');
      const bob = connect(server, 'stop-b');
      await waitFor(synced(alice), 'alice synced');
      await waitFor(synced(bob), 'bob synced');
      const closeCodes: number[] = [];
      for (const client of [alice, bob]) {
        client.provider.on('connection-close', (event: CloseEvent | null) => {
          if (event) closeCodes.push(event.code);
          client.provider.shouldConnect = false;
        });
      }
      for (let i = 0; i < 100; i++) alice.doc.getMap('m').set(`k${i}`, i);
      bob.doc.getText('t').insert(0, 'hello');
      // A watcher proves the server took the edits, so the test does not race the socket.
      // Writes still in flight at the signal are covered in-process by rooms/lifecycle.test.ts.
      const watchers = [connect(server, 'stop-a'), connect(server, 'stop-b')];
      for (const w of watchers)
        w.provider.on('connection-close', () => (w.provider.shouldConnect = false));
      await waitFor(
        () =>
          watchers[0]!.doc.getMap('m').size === 100 && watchers[1]!.doc.getText('t').length === 5,
        'watchers see the edits',
      );
      server.process.kill(signal);
      expect(await server.exited).toBe(0);
      expect(closeCodes).toEqual([1001, 1001]);

      // The logs were folded into snapshots on the way out.
      const store = await LevelStore.open(dataDir);
      const [a, b] = [await store.load('stop-a'), await store.load('stop-b')];
      await store.close();
      expect([a.tailCount, b.tailCount]).toEqual([0, 0]);
      expect([a.updates.length, b.updates.length]).toEqual([1, 1]);

      const restarted = await start(dataDir);
      const check = connect(restarted, 'stop-a');
      const checkB = connect(restarted, 'stop-b');
      await waitFor(synced(check), 'check synced');
      await waitFor(synced(checkB), 'checkB synced');
      expect(check.doc.getMap('m').size).toBe(100);
      expect(checkB.doc.getText('t').toString()).toBe('hello');
    });
  }
});
