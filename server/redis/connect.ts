import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redis-target.ts';

export type RedisClient = Redis | Cluster;

/** Reconnects forever, backing off to 2 s: a relay outlives a Redis restart without a restart. */
const retryStrategy = (attempt: number): number => Math.min(50 * 2 ** attempt, 2000);

/**
 * A connection for one job (`name` shows in CLIENT LIST). Commands fail after one reconnection
 * attempt instead of queueing for long: a write the client waits on should fail fast (1013) while
 * Redis is away. `blocking` connections (XREAD BLOCK) wait instead: they serve nobody else.
 */
export function connectRedis(
  target: RedisTarget,
  name: string,
  { blocking = false }: { readonly blocking?: boolean } = {},
): RedisClient {
  const options: RedisOptions = {
    connectionName: name,
    retryStrategy,
    maxRetriesPerRequest: blocking ? null : 1,
  };
  if (target.kind === 'single') {
    return new Redis({ ...options, host: target.node.host, port: target.node.port, db: target.db });
  }
  return new Cluster([...target.nodes], {
    redisOptions: options,
    clusterRetryStrategy: retryStrategy,
    // SSUBSCRIBE goes to the node owning the channel's slot, on a connection per node.
    shardedSubscribers: true,
  });
}

/** One connection to one server, for a blocking loop (stream-reader.ts): it waits out outages. */
export function connectBlocking(
  node: { host: string; port: number; db: number },
  name: string,
): Redis {
  return new Redis({ ...node, connectionName: name, retryStrategy, maxRetriesPerRequest: null });
}

/** Whether the server has sharded pub/sub (Redis 7): SPUBLISH, else PUBLISH. */
export async function hasShardedPubSub(redis: RedisClient): Promise<boolean> {
  const info = (await redis.call('COMMAND', 'INFO', 'SPUBLISH')) as unknown[];
  return Array.isArray(info) && info[0] !== null && info[0] !== undefined;
}
