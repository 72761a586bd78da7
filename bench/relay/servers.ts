import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server on ${port} did not start`);
}

/**
 * Starts our relay or the reference relay (@y/websocket-server 0.1.1 with y-leveldb
 * persistence) as its own process on a free loopback port, with the same event-loop probe.
 */
export async function startBenchServer(
  kind: ServerKind,
  options: { dataDir?: string; env?: Record<string, string>; productionLimits?: boolean } = {},
): Promise<BenchServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `bench-${kind}-`)));
  const port = await freePort();
  const probeFile = join(dataDir, '..', `probe-${kind}-${port}.json`);
  // BENCH_NODE_ARGS adds Node flags to both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [
    ...extra,
    ...(kind === 'ours'
      ? ['--import', probe, '--import', 'tsx', 'server/main.ts']
      : ['--import', probe, 'node_modules/@y/websocket-server/src/server.js']),
  ];
  const env =
    kind === 'ours'
      ? {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          // The load generator is one process speaking for many users: lift the per-connection
          // limits that protect against a single hostile client (the hostile bench keeps them).
          ...(options.productionLimits ? {} : LIFTED_LIMITS),
        }
      : { PORT: String(port), HOST: '127.0.0.1', YPERSISTENCE: dataDir };
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env, EVENTLOOP_PROBE_FILE: probeFile, ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(port, child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    kind,
    pid: child.pid!,
    serverUrl: kind === 'ours' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}`,
    dataDir,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    resetEventLoop: () => child.kill('SIGUSR2'),
    async eventLoopMaxMs() {
      // The probe writes every 100 ms; wait for a write that covers the window so far.
      await new Promise((resolve) => setTimeout(resolve, 250));
      return (JSON.parse(await readFile(probeFile, 'utf8')) as { maxMs: number }).maxMs;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      await rm(probeFile, { force: true });
    },
  };
}

export async function removeDataDir(server: BenchServer): Promise<void> {
  await rm(server.dataDir, { recursive: true, force: true });
}
