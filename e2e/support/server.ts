import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 20_000;

export interface StartOptions {
  /** Reuse a data folder, e.g. to restart on what a previous server stored. Default: a fresh temp dir. */
  dataDir?: string;
  /** Default 0: a free port, read back from the "listening" log line. */
  port?: number;
  /** Extra environment, applied last (e.g. `{ MAX_CONNECTIONS_PER_ROOM: '2' }`). */
  env?: Record<string, string>;
}

/** One pino log line from the relay's stdout. */
export type LogRecord = { readonly msg?: unknown } & Readonly<Record<string, unknown>>;

export interface RelayProcess {
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Every JSON log line so far, in order; lines keep arriving until the process exits. */
  readonly logs: readonly LogRecord[];
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Signals the process and resolves with its exit code once it has exited (null if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** `stop('SIGKILL')`: a crash, with no chance to flush anything. */
  kill(): Promise<number | null>;
}

/**
 * Runs `server/main.ts` in its own Node process, as `npm start` does after building, and
 * resolves once it logs `{"msg":"listening","port":<number>}` on stdout. A real process,
 * because the stories that matter here are about signals, crashes and restarts.
 */
export async function startServer(options: StartOptions = {}): Promise<RelayProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'whiteboard-e2e-')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const logs: LogRecord[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close' rather than 'exit': it waits for stdout and stderr to drain, so a failure report
  // holds everything the process said before it died.
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (!hasExited()) child.kill(signal);
    return exited;
  };

  const listening = new Promise<number>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`relay ${reason}\n--- stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not log "listening" within ${START_TIMEOUT_MS / 1000} s`);
    }, START_TIMEOUT_MS);
    child.once('error', (error) => fail(`could not be spawned: ${error.message}`));
    void exited.then((code) => fail(`exited with ${code ?? child.signalCode} before listening`));

    // Read every line for the life of the process, not just until "listening": an unread pipe
    // fills up and then blocks the server's logging.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const record = parseLogLine(line);
      if (!record) return;
      logs.push(record);
      if (record.msg === 'listening' && typeof record.port === 'number') {
        clearTimeout(timer);
        resolve(record.port);
      }
    });
  });

  let port: number;
  try {
    port = await listening;
  } catch (error) {
    // Nobody gets a handle to a server that never started, so its temp folder is ours to remove.
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    process: child,
    logs,
    stderr: () => stderr,
    stop,
    kill: () => stop('SIGKILL'),
  };
}

function parseLogLine(line: string): LogRecord | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as LogRecord)
      : null;
  } catch {
    // Only pino writes to stdout; anything else (a stray console.log) is not a log record.
    return null;
  }
}

/** Starts the relay again on the port and data folder of one that has stopped (or been killed). */
export const restartRelay = (stopped: RelayProcess): Promise<RelayProcess> =>
  startServer({ port: stopped.port, dataDir: stopped.dataDir });
