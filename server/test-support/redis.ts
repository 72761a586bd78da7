import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort, type Exit } from './relay-process.ts';

/**
 * Real redis-server processes for tests, on free loopback ports in temp folders: one server
 * (durability options, kill -9 and a restart on the same folder and port), and a three-master
 * Redis Cluster made the way an operator makes one (`redis-cli --cluster create`).
 */

const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
/**
 * util-linux (essential in Debian): runs redis-server with a parent-death signal, so a test worker
 * that is killed or torn down before its cleanup takes its servers with it.
 */
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 15_000;
const run = promisify(execFile);

export type AppendFsync = 'always' | 'everysec' | 'no';

export interface RedisServerOptions {
  /** Append-only file on (durability); default off, with no RDB saving either: tests start empty. */
  readonly appendonly?: boolean;
  /** Only with appendonly; Redis' default is everysec. */
  readonly appendfsync?: AppendFsync;
  /** A folder to reuse (a restart); default a fresh temp folder, removed by cleanup(). */
  readonly dir?: string;
  /** Default a free port. */
  readonly port?: number;
  /** Run as a cluster node (`cluster-enabled yes`), its bus on `clusterPort`. */
  readonly clusterPort?: number;
}

export interface RedisServer {
  readonly port: number;
  readonly dir: string;
  /** `redis://127.0.0.1:<port>`, as REDIS_URL takes it. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the server logged so far. */
  output(): string;
  /** SIGTERM: Redis flushes its append-only file and exits. */
  stop(): Promise<Exit>;
  /** SIGKILL: a crash, with no chance to write anything more. */
  kill(): Promise<Exit>;
  /** Stops it (unless stopped), starts a new server on the same folder and port, same options. */
  restart(): Promise<RedisServer>;
  /** Stops it and removes its folder (unless the folder was handed in). */
  cleanup(): Promise<void>;
}

/** Starts one redis-server; resolves once it accepts connections. */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'wb-redis-')));
  const port = options.port ?? (await freePort());
  const args = [REDIS_SERVER, ...serverArgs({ ...options, dir, port })];
  // Without setpriv (not Debian) the server runs as it is, and only cleanup() stops it.
  const [command, ...rest] = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...args]
    : args;
  const child = spawn(command!, rest, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (name: NodeJS.Signals): Promise<Exit> => {
    if (!hasExited()) child.kill(name);
    return exited;
  };

  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`redis-server on ${port} ${reason}\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    child.once('error', (error) => fail(`could not be spawned: ${error.message}`));
    void exited.then((code) => fail(`exited with ${code} before accepting connections`));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    // Read for the life of the process: an unread pipe fills up and blocks the server's logging.
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      if (line.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });

  const server: RedisServer = {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGTERM');
      const again = await startRedis({ ...options, dir, port });
      // The restarted server owns the folder now if this one did.
      return ownsDir ? withCleanup(again, () => rm(dir, { recursive: true, force: true })) : again;
    },
    cleanup: async () => {
      await signal('SIGKILL');
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function withCleanup(server: RedisServer, after: () => Promise<void>): RedisServer {
  return {
    ...server,
    restart: async () => withCleanup(await server.restart(), after),
    cleanup: async () => {
      await server.cleanup();
      await after();
    },
  };
}

function serverArgs(options: RedisServerOptions & { dir: string; port: number }): string[] {
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dir,
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--save',
    '',
    '--appendonly',
    options.appendonly ? 'yes' : 'no',
  ];
  if (options.appendfsync) args.push('--appendfsync', options.appendfsync);
  if (options.clusterPort !== undefined) {
    args.push(
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-port',
      String(options.clusterPort),
      // Tests kill nodes on purpose; a node that is down should not stop the others answering.
      '--cluster-require-full-coverage',
      'no',
    );
  }
  return args;
}

export interface RedisCluster {
  readonly nodes: readonly RedisServer[];
  /** Where a cluster client starts: every master. */
  readonly seeds: readonly { readonly host: string; readonly port: number }[];
  /** `redis://127.0.0.1:<first master>`: a client discovers the rest from it. */
  readonly url: string;
  /** Stops node `index` if running and starts it again on its folder and ports (kill() it first for a crash). */
  restartNode(index: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** Starts three masters (no replicas), joins them into one cluster, resolves once every slot is served. */
export async function startRedisCluster(
  options: Pick<RedisServerOptions, 'appendonly' | 'appendfsync'> = {},
): Promise<RedisCluster> {
  const nodes: RedisServer[] = [];
  const cleanup = async () => {
    await Promise.all(nodes.map((node) => node.cleanup()));
  };
  try {
    for (let i = 0; i < 3; i++)
      nodes.push(await startRedis({ ...options, clusterPort: await freePort() }));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run(REDIS_CLI, [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const node of nodes) await clusterReady(node.port);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    nodes,
    seeds: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    url: nodes[0]!.url,
    restartNode: async (index) => {
      const node = nodes[index];
      if (!node) throw new RangeError(`no node ${index}`);
      nodes[index] = await node.restart();
    },
    cleanup,
  };
}

/** Asks until the node reports every slot served and knows all three masters. */
async function clusterReady(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const { stdout } = await run(REDIS_CLI, ['-p', String(port), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok') && stdout.includes('cluster_known_nodes:3')) return;
    if (Date.now() > deadline) throw new Error(`cluster node ${port} not ready:\n${stdout}`);
    // The one wait not on an event: the cluster bus gossips on its own schedule.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
