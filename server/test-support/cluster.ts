import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, type RunningNginx } from './nginx.ts';
import { freePort, startRelay, type Exit, type RelayProcess } from './relay-process.ts';
import {
  startRedis,
  startRedisCluster,
  type AppendFsync,
  type RedisCluster,
  type RedisServer,
} from './redis.ts';

/**
 * The deployment of deploy/compose.yaml on loopback, with real processes: Redis (one server,
 * or a three-master Cluster), K relays in processes of their own (REDIS_URL: cluster mode), and
 * nginx on deploy/nginx.conf in front of them. Each relay keeps its port for life, so a relay
 * killed and restarted is the same upstream to nginx, as a restarted container is.
 */

/** A relay's start-up allowance: seconds of tsx compiling, more on a loaded CI machine. */
const RELAY_START_MS = 60_000;

export type RedisTopology =
  { readonly kind: 'single'; readonly appendfsync?: AppendFsync } | { readonly kind: 'cluster' };

export interface ClusterOptions {
  /** Relay instances; default 3, as compose.yaml runs. */
  readonly relays?: number;
  /** Default one redis-server with AOF and `appendfsync always`, as compose.yaml runs it. */
  readonly redis?: RedisTopology;
  /** Extra environment for every relay (e.g. `{ COMPACT_AFTER_UPDATES: '50' }`). */
  readonly env?: Record<string, string>;
}

export interface RelayCluster {
  readonly nginx: RunningNginx;
  /** The relays, by index; a killed one stays here (hasExited) until restarted. */
  readonly relays: readonly RelayProcess[];
  /** REDIS_URL as the relays have it. */
  readonly redisUrl: string;
  /** The single Redis server (null for a Cluster): kill -9 and restart it. */
  readonly redis: RedisServer | null;
  /** `kill -9` of relay `index`: no chance to store, flush or say goodbye. */
  killRelay(index: number): Promise<Exit>;
  /** Starts relay `index` again on its port (after a kill or a stop). */
  restartRelay(index: number): Promise<RelayProcess>;
  /** kill -9 of every relay, then starts them all again: a full restart of the service. */
  restartAllRelays(): Promise<void>;
  /** `kill -9` of the single Redis server, and a restart on its folder and port. */
  killRedis(): Promise<Exit>;
  restartRedis(): Promise<RedisServer>;
  /** Stops everything it started and removes every temp folder. */
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<RelayCluster> {
  const count = options.relays ?? 3;
  const topology = options.redis ?? { kind: 'single', appendfsync: 'always' };
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    let redis: RedisServer | null = null;
    let redisCluster: RedisCluster | null = null;
    if (topology.kind === 'single') {
      redis = await startRedis({ appendonly: true, appendfsync: topology.appendfsync ?? 'always' });
      cleanups.push(() => redis!.cleanup());
    } else {
      redisCluster = await startRedisCluster({ appendonly: true, appendfsync: 'always' });
      cleanups.push(() => redisCluster!.cleanup());
    }
    // A Cluster is named by all its masters (server/redis/redis-target.ts): any one will do
    // while the others are down.
    const redisUrl =
      redis?.url ??
      `redis://${redisCluster!.seeds.map(({ host, port }) => `${host}:${port}`).join(',')}`;

    // A data folder each, though cluster mode stores nothing there: the relay still checks it.
    const dataDirs: string[] = [];
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'wb-cluster-relay-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      dataDirs.push(dir);
      ports.push(await freePort());
    }
    const env = {
      REDIS_URL: redisUrl,
      // Behind nginx on loopback: its X-Forwarded-For is believed (deploy/nginx.conf).
      TRUST_PROXY: '127.0.0.1',
      ...options.env,
    };
    const relays: RelayProcess[] = [];
    const start = (i: number) =>
      startRelay({ port: ports[i]!, dataDir: dataDirs[i]!, env, startTimeoutMs: RELAY_START_MS });
    cleanups.push(async () => {
      for (const relay of relays) await relay.kill();
    });
    // One after another: each relay compiles its sources with tsx at start, and three at once on
    // a busy two-core machine took longer than any one of them alone would.
    for (let i = 0; i < count; i++) relays.push(await start(i));

    const nginx = await startNginx({ upstreamPorts: ports });
    cleanups.push(() => nginx.stop());

    const relayAt = (index: number) => {
      const relay = relays[index];
      if (!relay) throw new RangeError(`no relay ${index} (of ${count})`);
      return relay;
    };
    const singleRedis = () => {
      if (!redis) throw new Error('a Redis Cluster has no single server to kill');
      return redis;
    };
    return {
      nginx,
      relays,
      redisUrl,
      get redis() {
        return redis;
      },
      killRelay: (index) => relayAt(index).kill(),
      async restartRelay(index) {
        await relayAt(index).kill();
        relays[index] = await start(index);
        return relays[index];
      },
      async restartAllRelays() {
        await Promise.all(relays.map((relay) => relay.kill()));
        for (let i = 0; i < count; i++) relays[i] = await start(i);
      },
      killRedis: () => singleRedis().kill(),
      async restartRedis() {
        // restart() on a killed server starts a new one on the same folder and port.
        redis = await singleRedis().restart();
        return redis;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Open WebSocket connections of one relay, from its /metrics (loopback, not forwarded). */
export async function connectionsOf(relay: RelayProcess): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const match = /^relay_connections (\d+)$/m.exec(text);
  if (!match) throw new Error(`no relay_connections in /metrics of ${relay.url}`);
  return Number(match[1]);
}
