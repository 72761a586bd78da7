/**
 * The bench:relay workload (bench/relay/load.ts: stock clients, BENCH_ROOMS rooms of
 * BENCH_CLIENTS, one writer per room at BENCH_HZ for BENCH_SECONDS) on four setups, one after
 * another in one run: our relay on LevelDB, our relay on Redis, three of ours on one Redis, and
 * three Hocuspocus instances with their Redis extension, driven by Hocuspocus' own provider.
 * Each room's clients go round-robin over the instances, so with three, two in three receivers
 * get every update from another instance. CPU is summed over every server process, Redis
 * included; the load generator (the users' side) is left out.
 */
import { fileURLToPath } from 'node:url';
import { startNodeProcess, type NodeProcess } from '../../server/test-support/relay-process.ts';
import { startRedis, type RedisServer } from '../../server/test-support/redis.ts';
import { LoadGenerator, percentile } from '../relay/load-generator.ts';
import type { ClientKind } from '../relay/load.ts';
import { cpuSeconds, rssBytes } from '../relay/proc-stats.ts';
import { removeDataDir, startBenchServer, type BenchServer } from '../relay/servers.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** The same variables and defaults as bench:relay, so one setting scales both. */
export const LOAD_SIZES = {
  rooms: env('BENCH_ROOMS', 50),
  clients: env('BENCH_CLIENTS', 20),
  hz: env('BENCH_HZ', 10),
  seconds: env('BENCH_SECONDS', 10),
};

export type SetupName = 'level-1' | 'redis-1' | 'redis-3' | 'hocuspocus-3';

export const SETUP_LABELS: Record<SetupName, string> = {
  'level-1': 'ours, 1 instance, LevelDB',
  'redis-1': 'ours, 1 instance, Redis',
  'redis-3': 'ours, 3 instances, Redis',
  'hocuspocus-3': 'Hocuspocus, 3 instances, Redis',
};

/** One process the setup runs: a relay or a Redis server. */
interface Proc {
  readonly role: string;
  readonly pid: number;
}

interface Running {
  readonly urls: readonly string[];
  readonly client: ClientKind;
  readonly processes: readonly Proc[];
  stop(): Promise<void>;
}

export interface FanoutResult {
  readonly setup: SetupName;
  readonly label: string;
  readonly connections: number;
  readonly sent: number;
  readonly delivered: number;
  readonly complete: boolean;
  /** CPU seconds of every server process (Redis included) during the steady phase ÷ deliveries. */
  readonly cpuMicrosPerDelivered: number;
  /** The same, per process, so the share of Redis shows. */
  readonly cpuMicrosPerDeliveredByProcess: Record<string, number>;
  readonly sameP50Ms: number;
  readonly sameP99Ms: number;
  /** NaN with one instance: no receiver is elsewhere. */
  readonly crossP50Ms: number;
  readonly crossP99Ms: number;
  /** Resident memory of each process, all clients connected, after the steady phase. */
  readonly rssMBByProcess: Record<string, number>;
}

// As deploy/compose.yaml runs it: every acknowledged write on disk first.
const composeRedis = () => startRedis({ appendonly: true, appendfsync: 'always' });

async function ours(redis: RedisServer | null, instances: number): Promise<Running> {
  const servers: BenchServer[] = [];
  try {
    // One after another: each compiles its sources at start.
    for (let i = 0; i < instances; i++) {
      servers.push(
        await startBenchServer('ours', redis ? { env: { REDIS_URL: redis.url } } : undefined),
      );
    }
  } catch (error) {
    for (const server of servers) await server.stop();
    await redis?.cleanup();
    throw error;
  }
  return {
    urls: servers.map((server) => server.serverUrl),
    client: 'y-websocket',
    processes: [
      ...servers.map((server, i) => ({ role: `relay ${i + 1}`, pid: server.pid })),
      ...(redis ? [{ role: 'redis', pid: redis.process.pid! }] : []),
    ],
    async stop() {
      for (const server of servers) {
        await server.stop();
        await removeDataDir(server);
      }
      await redis?.cleanup();
    },
  };
}

const HOCUSPOCUS = fileURLToPath(new URL('./hocuspocus-server.ts', import.meta.url));

async function hocuspocus(instances: number): Promise<Running> {
  const redis = await composeRedis();
  const servers: NodeProcess[] = [];
  const stop = async () => {
    for (const server of servers) await server.stop('SIGTERM');
    await redis.cleanup();
  };
  try {
    for (let i = 0; i < instances; i++) {
      servers.push(
        await startNodeProcess({
          args: ['--import', 'tsx', HOCUSPOCUS],
          env: { PORT: '0', REDIS_URL: redis.url },
          readiness: {
            portFromLine: (line) => {
              const match = /hocuspocus listening on port (\d+)/.exec(line);
              return match ? Number(match[1]) : null;
            },
          },
          echoStderr: true,
          startTimeoutMs: 60_000,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls: servers.map((server) => `ws://127.0.0.1:${server.port}`),
    client: 'hocuspocus',
    processes: [
      ...servers.map((server, i) => ({ role: `hocuspocus ${i + 1}`, pid: server.process.pid! })),
      { role: 'redis', pid: redis.process.pid! },
    ],
    stop,
  };
}

async function start(setup: SetupName): Promise<Running> {
  switch (setup) {
    case 'level-1':
      return ours(null, 1);
    case 'redis-1':
      return ours(await composeRedis(), 1);
    case 'redis-3':
      return ours(await composeRedis(), 3);
    case 'hocuspocus-3':
      return hocuspocus(3);
  }
}

const sumOf = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

export async function fanout(setup: SetupName): Promise<FanoutResult> {
  const running = await start(setup);
  const load = new LoadGenerator();
  try {
    const connected = await load.send(
      {
        type: 'connect',
        serverUrls: running.urls,
        client: running.client,
        rooms: LOAD_SIZES.rooms,
        clients: LOAD_SIZES.clients,
        prefix: 'fanout',
      },
      'connected',
    );
    // Let the joins' own traffic (sync answers, presence) settle before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = running.processes.map((proc) => cpuSeconds(proc.pid));
    const steady = await load.send(
      { type: 'steady', hz: LOAD_SIZES.hz, seconds: LOAD_SIZES.seconds },
      'steady-done',
    );
    const spent = running.processes.map((proc, i) => cpuSeconds(proc.pid) - before[i]!);
    const rss = running.processes.map((proc) => rssBytes(proc.pid));
    await load.send({ type: 'close' }, 'closed');
    const perDelivered = (seconds: number) => (seconds * 1e6) / Math.max(1, steady.delivered);
    const same = steady.latenciesMs.sort((a, b) => a - b);
    const cross = steady.crossLatenciesMs.sort((a, b) => a - b);
    return {
      setup,
      label: SETUP_LABELS[setup],
      connections: connected.connections,
      sent: steady.sent,
      delivered: steady.delivered,
      complete: steady.complete,
      cpuMicrosPerDelivered: perDelivered(sumOf(spent)),
      cpuMicrosPerDeliveredByProcess: Object.fromEntries(
        running.processes.map((proc, i) => [proc.role, perDelivered(spent[i]!)]),
      ),
      sameP50Ms: percentile(same, 50),
      sameP99Ms: percentile(same, 99),
      crossP50Ms: percentile(cross, 50),
      crossP99Ms: percentile(cross, 99),
      rssMBByProcess: Object.fromEntries(
        running.processes.map((proc, i) => [proc.role, rss[i]! / 1e6]),
      ),
    };
  } finally {
    load.stop();
    await running.stop();
  }
}
