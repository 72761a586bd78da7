import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoreHealth } from '../storage/doc-store.ts';
import { RedisAuthorStore } from './redis-author-store.ts';
import { connectRedis, type RedisClient } from './redis-client.ts';
import { RedisDocStore } from './redis-doc-store.ts';
import { RedisFanoutBus } from './redis-fanout.ts';
import { RedisLinkStore } from './redis-link-store.ts';
import { RedisVersionStore } from './redis-version-store.ts';
import type { RedisTarget } from './redis-target.ts';
import { RedisTicketStore } from './redis-ticket-store.ts';

/**
 * Everything an instance shares with the others in cluster mode (REDIS_URL, issue 12): the
 * rooms' logs, their authors, links, tickets, and the fan-out between instances. Without
 * REDIS_URL none of this exists and the relay runs on DATA_DIR as before.
 */
export interface ClusterServices {
  readonly instance: string;
  readonly store: RedisDocStore;
  readonly authors: RedisAuthorStore;
  readonly links: RedisLinkStore;
  readonly versions: RedisVersionStore;
  readonly tickets: RedisTicketStore;
  readonly bus: RedisFanoutBus;
  /** 'open' while both the store's connection and the fan-out's serve: what /readyz reports. */
  readonly health: StoreHealth;
  /** After the rooms are stored: the fan-out says goodbye, then every connection is quit. */
  close(): Promise<void>;
}

/** The URL of a node to start from: a Cluster is found from any of its nodes (redis-client.ts). */
const seedUrl = (target: RedisTarget): string => {
  if (target.kind === 'single') return target.url;
  const node = target.nodes[0]!;
  return `redis://${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`;
};

export async function openClusterServices(
  target: RedisTarget,
  { logger, metrics }: { readonly logger: Logger; readonly metrics: Metrics },
): Promise<ClusterServices> {
  const url = seedUrl(target);
  const instance = RedisFanoutBus.newInstanceId();
  const opened: RedisClient[] = [];
  const connect = async (subscriber = false) => {
    const client = await connectRedis(url, { subscriber });
    opened.push(client);
    return client;
  };
  try {
    const storeClient = await connect();
    const store = new RedisDocStore(storeClient, {
      instance,
      onHealthChange: (health, error) => {
        if (error === undefined) {
          logger.info({ health }, 'redis storage health changed');
          return;
        }
        metrics.errors.labels('redis').inc();
        logger.error({ err: error, health }, 'redis unreachable; refusing writes until it is back');
      },
    });
    const authors = new RedisAuthorStore(storeClient);
    const bus = await RedisFanoutBus.open(
      { command: await connect(), subscriber: await connect(true), reader: await connect() },
      {
        instance,
        logger,
        metrics,
        // A room whose unread entries were trimmed elsewhere catches up from what is stored.
        recover: async (room) => {
          const stored = await store.load(room);
          return { updates: stored.updates, end: stored.end, bindings: await authors.load(room) };
        },
      },
    );
    logger.info({ instance, redis: target.kind }, 'cluster mode: rooms are shared through Redis');
    return {
      instance,
      store,
      authors,
      links: new RedisLinkStore(storeClient),
      versions: new RedisVersionStore(storeClient),
      tickets: new RedisTicketStore(storeClient),
      bus,
      get health(): StoreHealth {
        if (store.health !== 'open') return store.health;
        return bus.health === 'open' ? 'open' : 'failed';
      },
      close: async () => {
        await bus.close();
        await store.close();
      },
    };
  } catch (error) {
    for (const client of opened) client.disconnect();
    throw error;
  }
}
