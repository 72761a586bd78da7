import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreUnavailableError, type StoreHealth } from '../storage/doc-store.ts';
import { startRedis, type RedisServer } from '../test-support/redis.ts';
import { connectRedis } from './redis-client.ts';
import { RedisDocStore } from './redis-doc-store.ts';

/** A store that tells when its health becomes `health`. */
async function watchedStore(url: string) {
  const waiting: { health: StoreHealth; resolve: () => void }[] = [];
  const store = new RedisDocStore(await connectRedis(url), {
    onHealthChange: (health) => {
      for (const wait of waiting.filter((w) => w.health === health)) wait.resolve();
    },
  });
  const becomes = (health: StoreHealth) =>
    store.health === health
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.push({ health, resolve }));
  return { store, becomes };
}

describe('Redis durability (appendonly yes, appendfsync always)', () => {
  let server: RedisServer | null = null;
  const stores: RedisDocStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await server?.cleanup();
    server = null;
  });

  it('keeps every acknowledged update through kill -9 of Redis, and serves again once it is back', async () => {
    server = await startRedis({ appendonly: true, appendfsync: 'always' });
    const { store, becomes } = await watchedStore(server.url);
    stores.push(store);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const N = 200;
    let end = 0;
    for (let i = 0; i < N; i++) {
      doc.getArray<number>('strokes').push([i]);
      end = await store.append('board', [updates[i]!]);
    }

    await server.kill();
    await becomes('failed');
    // While Redis is away nothing is answered, least of all an empty room.
    await expect(store.load('board')).rejects.toThrow(StoreUnavailableError);
    await expect(store.exists('board')).rejects.toThrow(StoreUnavailableError);
    await expect(store.append('board', [updates[0]!])).rejects.toThrow(StoreUnavailableError);

    server = await server.restart();
    // The same store reconnects by itself; a new instance reads the same.
    await becomes('open');
    const fresh = await watchedStore(server.url);
    stores.push(fresh.store);
    for (const reader of [store, fresh.store]) {
      const loaded = await reader.load('board');
      expect(loaded.tailCount).toBe(N);
      expect(loaded.end).toBe(end);
      const again = new Y.Doc();
      for (const update of loaded.updates) Y.applyUpdate(again, update);
      expect(again.getArray<number>('strokes').toArray()).toEqual(
        Array.from({ length: N }, (_, i) => i),
      );
    }
    // And goes on where it stopped.
    expect(await store.append('board', [Y.encodeStateAsUpdate(doc)])).toBe(end + 1);
  });

  it('keeps every update acknowledged before Redis was killed in the middle of writes', async () => {
    server = await startRedis({ appendonly: true, appendfsync: 'always' });
    const { store, becomes } = await watchedStore(server.url);
    stores.push(store);
    const acknowledged: number[] = [];
    // Four writers append without pause; Redis dies under them.
    const writer = async (w: number) => {
      for (let i = 0; ; i++) {
        const value = w * 1_000_000 + i;
        try {
          await store.append('board', [Uint8Array.from(String(value), (c) => c.charCodeAt(0))]);
        } catch (error) {
          expect(error).toBeInstanceOf(StoreUnavailableError);
          return;
        }
        acknowledged.push(value);
        if (acknowledged.length === 300) void server?.kill();
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    server = await server.restart();
    await becomes('open');
    const stored = new Set(
      (await store.load('board')).updates.map((update) =>
        Number(Buffer.from(update).toString('latin1')),
      ),
    );
    expect(
      acknowledged.filter((value) => !stored.has(value)),
      'acknowledged but lost',
    ).toEqual([]);
  });
});
