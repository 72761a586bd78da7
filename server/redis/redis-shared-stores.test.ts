import { afterAll, beforeAll, describe } from 'vitest';
import { describeAuthorStore } from '../authors/author-store.contract.ts';
import { describeVersionStore } from '../history/version-store.contract.ts';
import { describeLinkStore } from '../links/link-store.contract.ts';
import {
  startRedis,
  startRedisCluster,
  type RedisCluster,
  type RedisServer,
} from '../test-support/redis.ts';
import { describeTicketStore } from '../tickets/ticket-store.contract.ts';
import { connectRedis, flushAll, type RedisClient } from './redis-client.ts';
import { RedisAuthorStore } from './redis-author-store.ts';
import { RedisLinkStore } from './redis-link-store.ts';
import { RedisTicketStore } from './redis-ticket-store.ts';
import { RedisVersionStore } from './redis-version-store.ts';

/**
 * Stores made by `make` on a client of `url`, emptied before each test; reopen() is a new
 * connection (a restarted relay instance) to the same Redis.
 */
function harness<T>(url: () => string, make: (client: RedisClient) => T) {
  const clients: RedisClient[] = [];
  const open = async () => {
    const client = await connectRedis(url());
    clients.push(client);
    return make(client);
  };
  return {
    create: async () => {
      const admin = await connectRedis(url());
      await flushAll(admin);
      admin.disconnect();
      return open();
    },
    reopen: open,
    cleanup: async () => {
      for (const client of clients.splice(0)) client.disconnect();
    },
  };
}

function describeSharedStores(where: () => string): void {
  describeAuthorStore('RedisAuthorStore', () =>
    harness(where, (client) => new RedisAuthorStore(client)),
  );
  describeLinkStore('RedisLinkStore', () => harness(where, (client) => new RedisLinkStore(client)));
  describeVersionStore('RedisVersionStore', () =>
    harness(where, (client) => new RedisVersionStore(client)),
  );
  describeTicketStore('RedisTicketStore', () => {
    const stores = harness(where, (client) => client);
    return {
      create: async (options) => new RedisTicketStore(await stores.create(), options),
      cleanup: stores.cleanup,
    };
  });
}

describe('on one Redis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server.cleanup());
  describeSharedStores(() => server.url);
});

describe('on a three-master Redis Cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster.cleanup());
  describeSharedStores(() => cluster.url);
});
