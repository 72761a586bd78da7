import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  readonly wsUrl: string;
  /** Log lines seen so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
}

/**
 * Runs server/main.ts in its own Node process, as `npm start` does, and resolves once it logs
 * that it is listening. Used where a test needs a real process: signals, kill -9, restarts.
 * `nodeArgs` runs something else, such as the compiled relay.
 */
export function spawnServer(
  env: Record<string, string>,
  nodeArgs: readonly string[] = ['--import', 'tsx', 'server/main.ts'],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s\n${stderr}`));
    }, 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      // The log lines say why (a fatal line with the error), so they go into the message too.
      const logged = logs.map((entry) => JSON.stringify(entry)).join('\n');
      reject(new Error(`server exited with ${code} before listening\n${stderr}${logged}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // not a log line (nothing else should print, but a stray line is no reason to fail)
      }
      logs.push(entry);
      if (entry.msg === 'listening' && typeof entry.port === 'number') {
        clearTimeout(timer);
        resolve({
          port: entry.port,
          child,
          wsUrl: `ws://127.0.0.1:${entry.port}/ws`,
          logs,
          exited,
        });
      }
    });
  });
}
