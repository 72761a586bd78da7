import { parseRedisUrl } from './redis-client.ts';

/**
 * Where REDIS_URL points (config.ts parses it once, at start):
 *
 *   redis://[user:password@]host:port[/db] one Redis server (rediss:// for TLS); one that runs in
 *                                         cluster mode is taken as the seed of its Cluster
 *   redis://host:port,host:port,...       a Redis Cluster, given by some of its masters
 *   redis-cluster://host:port[,host:port] a Redis Cluster, even when given by one node
 *
 * A cluster client discovers every other node from any one it reaches; naming several only
 * matters when the first is down at start. An optional `/<db>` selects a database on one server
 * (a cluster has only database 0). Only the one-server form may carry credentials and TLS
 * (redis-client.ts reads it); the list forms name bare nodes. No message repeats the URL.
 */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

export type RedisTarget =
  | {
      readonly kind: 'single';
      readonly node: RedisNode;
      readonly db: number;
      /** As given: what redis-client.ts connects with (credentials, TLS). Never logged. */
      readonly url: string;
    }
  | { readonly kind: 'cluster'; readonly nodes: readonly RedisNode[] };

export class RedisTargetError extends Error {
  override name = 'RedisTargetError';
}

const DEFAULT_PORT = 6379;
const SCHEME = /^(redis|redis-cluster):\/\/([^/?#]+)(?:\/(\d{1,2}))?\/?$/;

/** Throws RedisTargetError naming what is wrong; never echoes anything that looks like a secret. */
export function parseRedisTarget(text: string): RedisTarget {
  const trimmed = text.trim();
  if (/^rediss?:\/\/[^,]*$/.test(trimmed)) {
    let address;
    try {
      address = parseRedisUrl(trimmed);
    } catch (error) {
      throw new RedisTargetError((error as Error).message);
    }
    return {
      kind: 'single',
      node: { host: address.host, port: address.port },
      db: address.db,
      url: trimmed,
    };
  }
  const match = SCHEME.exec(trimmed);
  if (!match) {
    throw new RedisTargetError(
      'expected redis://host:port, redis://host:port,host:port,... or redis-cluster://host:port',
    );
  }
  const [, scheme, hosts, db] = match;
  if (hosts!.includes('@')) {
    throw new RedisTargetError(
      'credentials only in the one-server form, redis://user:password@host',
    );
  }
  const nodes = hosts!.split(',').map(parseNode);
  if (scheme === 'redis-cluster' || nodes.length > 1) {
    if (db !== undefined && db !== '0')
      throw new RedisTargetError('a Redis Cluster has database 0 only');
    return { kind: 'cluster', nodes };
  }
  throw new RedisTargetError('redis-cluster:// or a list of nodes names a Cluster');
}

function parseNode(text: string): RedisNode {
  // [v6]:port, host:port or host alone.
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(text);
  if (!match) throw new RedisTargetError(`not a host[:port]: ${JSON.stringify(text.slice(0, 64))}`);
  const host = match[1] ?? match[2]!;
  const port = match[3] === undefined ? DEFAULT_PORT : Number(match[3]);
  if (port < 1 || port > 65535) throw new RedisTargetError(`port out of range: ${port}`);
  return { host, port };
}

/** The target as a log line may show it. */
export function describeRedisTarget(target: RedisTarget): string {
  const node = ({ host, port }: RedisNode) => `${host}:${port}`;
  return target.kind === 'single'
    ? `redis://${node(target.node)}/${target.db}`
    : `redis-cluster://${target.nodes.map(node).join(',')}`;
}
