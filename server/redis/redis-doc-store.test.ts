import { afterAll, beforeAll, describe } from 'vitest';
import { describeDocStore, type StoreHarness } from '../storage/doc-store.contract.ts';
import type { DocStore } from '../storage/doc-store.ts';
import {
  startRedis,
  startRedisCluster,
  type RedisCluster,
  type RedisServer,
} from '../test-support/redis.ts';
import { connectRedis, flushAll } from './redis-client.ts';
import { RedisDocStore } from './redis-doc-store.ts';

/** Stores on one Redis (or Cluster) at `url`, emptied before each test. */
function redisHarness(url: string): StoreHarness {
  const stores: DocStore[] = [];
  const open = async () => {
    const store = new RedisDocStore(await connectRedis(url));
    stores.push(store);
    return store;
  };
  let spare: Promise<DocStore> | null = null;
  let other: DocStore | null = null;
  return {
    create: async () => {
      const admin = await connectRedis(url);
      await flushAll(admin);
      admin.disconnect();
      // anotherWriter() answers at once: its connection is made here.
      spare = open();
      other = await spare;
      return open();
    },
    reopen: async (store) => {
      await store.close();
      return open();
    },
    anotherWriter: () => {
      if (!other) throw new Error('create() first');
      return other;
    },
    cleanup: async () => {
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}

describe('on one Redis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server.cleanup());
  describeDocStore('RedisDocStore', () => redisHarness(server.url));
});

describe('on a three-master Redis Cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster.cleanup());
  describeDocStore('RedisDocStore', () => redisHarness(cluster.url));
});
