import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The one way tests, e2e and the benchmarks run a server in a process of its own: server tests
 * for signals, kill -9 and bad data folders, e2e for a relay per test, the benchmarks for ours
 * and the reference relay side by side. How `npm start` runs the relay is written here once.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 20_000;

/** The relay's sources through tsx, as `npm run serve` runs them (`npm start` runs them compiled). */
export const RELAY_ENTRY: readonly string[] = ['--import', 'tsx', 'server/main.ts'];

/** One pino log line from stdout. */
export type LogRecord = { readonly msg?: unknown } & Readonly<Record<string, unknown>>;

/** How a process exited: its exit code, or the signal that ended it. */
export type Exit = number | NodeJS.Signals;

/** How a started process tells that it serves: a stdout line naming its port, or its port answering HTTP. */
export type Readiness =
  | { readonly portFromLine: (line: string, record: LogRecord | null) => number | null }
  | { readonly httpPort: number };

export interface NodeProcessOptions {
  /** Node's arguments: flags, the entry script, and its arguments. */
  readonly args: readonly string[];
  /** Added to this process's environment. */
  readonly env: Record<string, string>;
  readonly readiness: Readiness;
  /** Where it runs; default this repository (a benchmark may run another checkout's relay). */
  readonly cwd?: string;
  /** Copy the process's stderr to ours as it comes (benchmarks), besides keeping it. */
  readonly echoStderr?: boolean;
  /** How long it may take to say it is ready; default 20 s. */
  readonly startTimeoutMs?: number;
}

export interface NodeProcess {
  readonly port: number;
  readonly process: ChildProcess;
  /** Every JSON line of stdout so far, in order; lines keep arriving until the process exits. */
  readonly logs: readonly LogRecord[];
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves once the process has exited and its output is read. */
  readonly exited: Promise<Exit>;
  hasExited(): boolean;
  /** Signals the process (unless it has exited) and resolves with how it exited. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** `stop('SIGKILL')`: a crash, with no chance to flush anything. */
  kill(): Promise<Exit>;
}

/** Runs Node with `args` in the repository root; resolves once the process says it is ready. */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, [...options.args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogRecord[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (options.echoStderr) process.stderr.write(chunk);
  });
  // 'close' rather than 'exit': it waits for stdout and stderr to drain, so a failure report
  // holds everything the process said before it died.
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> => {
    if (!hasExited()) child.kill(signal);
    return exited;
  };

  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const ready = new Promise<number>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      const logged = logs.map((record) => JSON.stringify(record)).join('\n');
      reject(new Error(`server ${reason}\n--- stderr ---\n${stderr}\n--- stdout ---\n${logged}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not start within ${startTimeoutMs / 1000} s`);
    }, startTimeoutMs);
    const started = (port: number) => {
      clearTimeout(timer);
      resolve(port);
    };
    child.once('error', (error) => fail(`could not be spawned: ${error.message}`));
    void exited.then((code) => fail(`exited with ${code} before listening`));
    const { readiness } = options;
    // Read every line for the life of the process, not just until it is ready: an unread pipe
    // fills up and then blocks the server's logging.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const record = parseLogLine(line);
      if (record) logs.push(record);
      if ('portFromLine' in readiness) {
        const port = readiness.portFromLine(line, record);
        if (port !== null) started(port);
      }
    });
    if ('httpPort' in readiness) {
      void answersHttp(readiness.httpPort, hasExited).then(
        (answered) => answered && started(readiness.httpPort),
      );
    }
  });

  const port = await ready;
  return {
    port,
    process: child,
    logs,
    stderr: () => stderr,
    exited,
    hasExited,
    stop,
    kill: () => stop('SIGKILL'),
  };
}

/** Asks until the port answers, or the process has exited (false). */
async function answersHttp(port: number, hasExited: () => boolean): Promise<boolean> {
  while (!hasExited()) {
    const answered = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (answered) return true;
    // The one wait that is not on an event: a process that logs nothing can only be asked.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function parseLogLine(line: string): LogRecord | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as LogRecord)
      : null;
  } catch {
    // Only pino writes JSON to stdout; anything else is not a log record.
    return null;
  }
}

/** A port free on loopback right now, for a process that cannot say which one it took. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RelayOptions {
  /** Reuse a data folder, e.g. to restart on what a previous relay stored. Default: a fresh temp dir. */
  readonly dataDir?: string;
  /** Default 0: a free port, read back from the "listening" log line. */
  readonly port?: number;
  /** Extra environment, applied last (e.g. `{ MAX_CONNECTIONS_PER_ROOM: '2' }`). */
  readonly env?: Record<string, string>;
  /** Node flags before the entry, e.g. a preloaded probe. */
  readonly nodeFlags?: readonly string[];
  /** What Node runs: by default the sources through tsx; the compiled relay's main.js, say. */
  readonly entry?: readonly string[];
  /** The checkout whose relay runs (its entry is relative to it); default this repository. */
  readonly cwd?: string;
  /**
   * Ready once the port answers HTTP instead of on the "listening" line, for a relay whose
   * LOG_LEVEL hides it (benchmarks); needs `port`.
   */
  readonly quiet?: boolean;
  readonly echoStderr?: boolean;
  /** How long it may take to start; default 20 s (a cluster of them on a busy machine: more). */
  readonly startTimeoutMs?: number;
}

export interface RelayProcess extends NodeProcess {
  /** http://127.0.0.1:<port> (https:// with TLS_CERT_FILE in `env`) */
  readonly url: string;
  /** What a stock WebsocketProvider takes as its server URL. */
  readonly wsUrl: string;
  readonly dataDir: string;
  /** What Node ran: flags and entry, so a restart runs the same relay (sources or compiled). */
  readonly program: readonly string[];
}

/** Our relay in its own process, as `npm start` runs it; resolves once it serves. */
export async function startRelay(options: RelayOptions = {}): Promise<RelayProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'wb-relay-')));
  const env = {
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const program = [...(options.nodeFlags ?? []), ...(options.entry ?? RELAY_ENTRY)];
  let started: NodeProcess;
  try {
    started = await startNodeProcess({
      args: program,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env,
      readiness: options.quiet
        ? { httpPort: Number(env.PORT) }
        : {
            portFromLine: (_line, record) =>
              record?.msg === 'listening' && typeof record.port === 'number' ? record.port : null,
          },
      echoStderr: options.echoStderr ?? false,
      ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
    });
  } catch (error) {
    // Nobody gets a handle to a relay that never started, so its temp folder is ours to remove.
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  // With TLS_CERT_FILE the same port serves https and wss.
  const secure = Boolean(options.env?.TLS_CERT_FILE);
  return Object.assign(started, {
    url: `${secure ? 'https' : 'http'}://127.0.0.1:${started.port}`,
    wsUrl: `${secure ? 'wss' : 'ws'}://127.0.0.1:${started.port}/ws`,
    dataDir,
    program,
  });
}

/**
 * Starts the relay again on the port and data folder of one that has stopped (or been killed),
 * running the same program.
 */
export const restartRelay = (stopped: RelayProcess): Promise<RelayProcess> =>
  startRelay({ port: stopped.port, dataDir: stopped.dataDir, entry: stopped.program });
