import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startNodeProcess, startRelay } from '../../server/test-support/relay-process.ts';

const probe = fileURLToPath(new URL('./eventloop-probe.mjs', import.meta.url));

export type ServerKind = 'ours' | 'peer';

export const LIFTED_LIMITS = {
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
  RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
  MAX_CONNECTIONS_PER_ROOM: '100000',
  // Every simulated user connects from 127.0.0.1: lift the per-address budgets too.
  MAX_CONNECTIONS_PER_IP: '100000',
  MAX_ROOM_SHARE_PER_IP: '100',
  UPGRADES_PER_SECOND_PER_IP: '100000',
  NEW_ROOMS_PER_MINUTE_PER_IP: '1000000',
  MAX_BUFFERED_BYTES_PER_IP: String(2 ** 40),
  IP_RATE_LIMIT_BYTES_PER_SECOND: String(2 ** 40),
  ROOM_RATE_LIMIT_BYTES_PER_SECOND: String(2 ** 40),
};

export interface BenchServer {
  readonly kind: ServerKind;
  readonly pid: number;
  /** What a stock WebsocketProvider takes as its server URL. */
  readonly serverUrl: string;
  readonly dataDir: string;
  /** True once the process has ended (a crash, when we did not stop it). */
  hasExited(): boolean;
  /** Starts a new event-loop-delay window and, later, reads its worst delay. */
  resetEventLoop(): void;
  eventLoopMaxMs(): Promise<number>;
  stop(): Promise<void>;
}

/** The reference relay says where it runs on stdout: "running at '127.0.0.1' on port 1234". */
const referencePort = (line: string): number | null => {
  const match = /running at .* on port (\d+)/.exec(line);
  return match ? Number(match[1]) : null;
};

/**
 * Starts our relay or the reference relay (@y/websocket-server 0.1.1 with y-leveldb
 * persistence) as its own process on a free loopback port, with the same event-loop probe.
 */
export async function startBenchServer(
  kind: ServerKind,
  options: { dataDir?: string; env?: Record<string, string>; productionLimits?: boolean } = {},
): Promise<BenchServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `bench-${kind}-`)));
  // Ours logs at warn here, so it never says "listening": it is ready once its port answers.
  const port = await freePort();
  const probeFile = join(dataDir, '..', `probe-${kind}-${port}.json`);
  // BENCH_NODE_ARGS adds Node flags to both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nodeFlags = [...extra, '--import', probe];
  const probeEnv = { EVENTLOOP_PROBE_FILE: probeFile };
  const server =
    kind === 'ours'
      ? await startRelay({
          dataDir,
          port,
          quiet: true,
          echoStderr: true,
          // tsx compiles the relay at start: 20 s was not enough at load average 18 on 2 cores.
          startTimeoutMs: 60_000,
          nodeFlags,
          env: {
            LOG_LEVEL: 'warn',
            // The load generator is one process speaking for many users: lift the per-connection
            // limits that protect against a single hostile client (the hostile bench keeps them).
            ...(options.productionLimits ? {} : LIFTED_LIMITS),
            ...probeEnv,
            ...options.env,
          },
        })
      : await startNodeProcess({
          args: [...nodeFlags, 'node_modules/@y/websocket-server/src/server.js'],
          env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            YPERSISTENCE: dataDir,
            ...probeEnv,
            ...options.env,
          },
          readiness: { portFromLine: referencePort },
          echoStderr: true,
        });
  return {
    kind,
    pid: server.process.pid!,
    serverUrl: kind === 'ours' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}`,
    dataDir,
    hasExited: server.hasExited,
    resetEventLoop: () => server.process.kill('SIGUSR2'),
    async eventLoopMaxMs() {
      // The probe writes every 100 ms; wait for a write that covers the window so far.
      await new Promise((resolve) => setTimeout(resolve, 250));
      return (JSON.parse(await readFile(probeFile, 'utf8')) as { maxMs: number }).maxMs;
    },
    async stop() {
      const exited = server.stop('SIGTERM');
      const timer = setTimeout(() => void server.kill(), 10_000);
      await exited;
      clearTimeout(timer);
      await rm(probeFile, { force: true });
    },
  };
}

export async function removeDataDir(server: BenchServer): Promise<void> {
  await rm(server.dataDir, { recursive: true, force: true });
}
