import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { StoreUnavailableError } from '../storage/doc-store.ts';
import { startRedisCluster, type RedisCluster } from '../test-support/redis.ts';
import { roomKeys } from './keys.ts';
import { connectRedis } from './redis-client.ts';
import { RedisDocStore } from './redis-doc-store.ts';

describe('a Redis Cluster losing a master (appendonly yes, appendfsync always)', () => {
  let cluster: RedisCluster | null = null;
  let store: RedisDocStore | null = null;
  afterEach(async () => {
    await store?.close();
    await cluster?.cleanup();
  });

  it('refuses only the rooms on the dead master, and serves them again with everything once it is back', async () => {
    cluster = await startRedisCluster({ appendonly: true, appendfsync: 'always' });
    const client = await connectRedis(cluster.url);
    if (!(client instanceof Cluster)) throw new Error('expected a Cluster');
    store = new RedisDocStore(client);
    // Which master holds each room: the one whose keys include the room's log.
    const masters = client.nodes('master');
    const owner = async (room: string) => {
      const slot = Number(await client.cluster('KEYSLOT', roomKeys(room).log));
      const held = await Promise.all(
        masters.map(async (node) => Number(await node.cluster('COUNTKEYSINSLOT', slot))),
      );
      return masters[held.findIndex((count) => count > 0)]!.options.port;
    };
    const rooms = Array.from({ length: 12 }, (_, i) => `room-${i}`);
    for (const room of rooms) await store.append(room, [Uint8Array.of(1)]);
    const ports = await Promise.all(rooms.map(owner));

    const dead = cluster.nodes.findIndex((node) => node.port === ports[0]);
    await cluster.nodes[dead]!.kill();
    const onDead = rooms.filter((_, i) => ports[i] === ports[0]);
    const elsewhere = rooms.filter((_, i) => ports[i] !== ports[0]);
    for (const room of onDead) {
      await expect(store.append(room, [Uint8Array.of(2)])).rejects.toThrow(StoreUnavailableError);
      await expect(store.load(room)).rejects.toThrow(StoreUnavailableError);
    }
    for (const room of elsewhere) await store.append(room, [Uint8Array.of(2)]);

    const restarted = await cluster.nodes[dead]!.restart();
    (cluster.nodes as (typeof restarted)[]).splice(dead, 1, restarted);
    // The client reconnects to the node on its own; ask until the room answers again.
    let loaded = null;
    for (let tries = 0; !loaded && tries < 200; tries++) {
      loaded = await store.load(onDead[0]!).catch(() => null);
      if (!loaded) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(loaded, 'served again within 20 s').not.toBeNull();
    for (const room of onDead) {
      await store.append(room, [Uint8Array.of(3)]);
      expect((await store.load(room)).updates.map((u) => u[0])).toEqual([1, 3]);
    }
    for (const room of elsewhere) {
      expect((await store.load(room)).updates.map((u) => u[0])).toEqual([1, 2]);
    }
  });
});
