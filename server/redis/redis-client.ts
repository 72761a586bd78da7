import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** One Redis server or a Redis Cluster: every store and the bus work with either. */
export type RedisClient = Redis | Cluster;

/**
 * How every connection behaves when Redis goes away: a command fails at once instead of waiting
 * in a queue (the relay answers 1013 and the client retries), and a command in flight when the
 * connection dropped is never sent again by the client library: an append that Redis did
 * store but did not acknowledge would otherwise be stored twice, under two positions.
 * Reconnecting goes on forever, backing off to 2 s.
 */
const CONNECTION: RedisOptions = {
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 5_000,
  retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
};

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
  /** The database number of one server (`/2`); a Cluster has only 0. */
  readonly db: number;
}

/**
 * `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS); throws a RangeError for
 * anything else. The message never repeats the URL: it may hold a password.
 */
export function parseRedisUrl(url: string): RedisAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError('not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RangeError(`expected redis:// or rediss://, got ${parsed.protocol}`);
  }
  if (!parsed.hostname) throw new RangeError('no host');
  const port = parsed.port ? Number(parsed.port) : 6379;
  const path = /^\/?([0-9]{0,2})$/.exec(parsed.pathname);
  if (!path || parsed.search || parsed.hash)
    throw new RangeError('expected nothing after the port but /<database number>');
  const db = path[1] ? Number(path[1]) : 0;
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    tls: parsed.protocol === 'rediss:',
    db,
  };
}

/**
 * Connects to `url`; if that server runs in cluster mode, to the whole Cluster with it as the
 * seed (the client learns the other nodes from it). Resolves once commands are served; rejects
 * (and leaves nothing open) if the first connection fails.
 */
export interface ConnectOptions {
  /**
   * Will subscribe to sharded channels (SSUBSCRIBE): in a Cluster, one more connection per master,
   * to the node that owns each channel's slot. Off for stores, which never subscribe.
   */
  readonly subscriber?: boolean;
}

export async function connectRedis(
  url: string,
  connect: ConnectOptions = {},
): Promise<RedisClient> {
  const address = parseRedisUrl(url);
  const options: RedisOptions = {
    ...CONNECTION,
    ...(address.username !== undefined ? { username: address.username } : {}),
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(address.tls ? { tls: {} } : {}),
  };
  const { db } = address;
  const single = new Redis({
    ...options,
    host: address.host,
    port: address.port,
    lazyConnect: true,
  });
  let clustered: boolean;
  // While connecting, a failure is told by connect() rejecting; afterwards the owner listens.
  const quiet = () => undefined;
  single.on('error', quiet);
  try {
    await single.connect();
    clustered = /^cluster_enabled:1\s*$/m.test(await single.info('cluster'));
  } catch (error) {
    single.disconnect();
    throw error;
  }
  single.off('error', quiet);
  if (!clustered) return single;
  single.disconnect();
  if (db !== 0) throw new RangeError(`a Redis Cluster has only database 0, not ${db}`);
  const { enableOfflineQueue, retryStrategy, ...redisOptions } = options;
  const cluster = new Cluster([{ host: address.host, port: address.port }], {
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    // A node that restarts on the same address (a crash, an upgrade) is reconnected to; without
    // this the client waits for a MOVED that an unchanged topology never sends.
    clusterNodeRetryStrategy: retryStrategy,
    redisOptions,
    lazyConnect: true,
    // SSUBSCRIBE/SPUBLISH routed to the node that owns the channel's slot.
    shardedSubscribers: connect.subscriber === true,
  });
  cluster.on('error', quiet);
  try {
    await cluster.connect();
    // Every master connected before the first command: a node connection still being made
    // lazily is passed over for a random one, and the MOVED retry that follows runs after
    // commands sent later, so appends of one room would be stored out of order.
    await Promise.all(cluster.nodes('master').map((node) => node.ping()));
  } catch (error) {
    cluster.disconnect();
    throw error;
  }
  cluster.off('error', quiet);
  return cluster;
}

/** Empties every master: a test's fresh start. */
export async function flushAll(client: RedisClient): Promise<void> {
  const masters = client instanceof Cluster ? client.nodes('master') : [client];
  await Promise.all(masters.map((node) => node.flushall()));
}
