import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type Exit } from './relay-process.ts';

/**
 * Debian's nginx in front of relay instances, on deploy/nginx.conf AS IT IS: the file is copied
 * byte for byte into a temp prefix, and only the two address files it includes (listen.conf,
 * upstreams.conf; the rule is in its header) are written by the test. Runs in the foreground
 * (`daemon off`) as a child of the test, with its pid, logs and temp files in the prefix.
 */

export const NGINX_BINARY = '/usr/sbin/nginx';
/** The one nginx configuration of this repository, shared with deploy/compose.yaml. */
export const NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

const START_TIMEOUT_MS = 10_000;
/** Tries with a fresh port when another process took the one we picked before nginx bound it. */
const PORT_ATTEMPTS = 3;

export interface NginxOptions {
  /** Loopback ports of the relay instances, in upstream order. */
  readonly upstreamPorts: readonly number[];
}

export interface RunningNginx {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** What a stock WebsocketProvider takes as its server URL. */
  readonly wsUrl: string;
  /** The temp prefix: the copied nginx.conf, the address files, nginx.pid, error.log. */
  readonly prefix: string;
  /** What nginx wrote to stderr so far (its start-up errors). */
  stderr(): string;
  /** Fast shutdown (SIGTERM: open connections are cut), then removes the prefix. */
  stop(): Promise<Exit>;
}

/** Starts nginx on a free loopback port; resolves once it accepts connections. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  if (options.upstreamPorts.length === 0) throw new Error('nginx needs at least one upstream');
  for (let attempt = 1; ; attempt++) {
    const prefix = await mkdtemp(join(tmpdir(), 'wb-nginx-'));
    try {
      return await startIn(prefix, await freePort(), options);
    } catch (error) {
      await rm(prefix, { recursive: true, force: true });
      if (!(error instanceof PortTaken) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startIn(prefix: string, port: number, options: NginxOptions) {
  // As root, nginx's workers run as `nobody`: they must reach the temp files in the prefix.
  await chmod(prefix, 0o755);
  await copyFile(NGINX_CONF, join(prefix, 'nginx.conf'));
  await writeFile(join(prefix, 'listen.conf'), `listen 127.0.0.1:${port};\n`);
  await writeFile(
    join(prefix, 'upstreams.conf'),
    options.upstreamPorts.map((upstream) => `server 127.0.0.1:${upstream};\n`).join(''),
  );

  const child = spawn(
    NGINX_BINARY,
    // -e: the log for start-up, before nginx.conf's own error_log applies (else /var/log/nginx).
    ['-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')].concat([
      '-g',
      'daemon off;',
    ]),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const started = await Promise.race([
    accepts(port, hasExited, Date.now() + START_TIMEOUT_MS),
    exited.then(() => false),
  ]);
  if (!started) {
    child.kill('SIGKILL');
    await exited;
    if (stderr.includes('Address already in use')) throw new PortTaken(stderr);
    throw new Error(`nginx did not start on port ${port}\n--- stderr ---\n${stderr}`);
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    prefix,
    stderr: () => stderr,
    async stop() {
      if (!hasExited()) child.kill('SIGTERM');
      const exit = await exited;
      await rm(prefix, { recursive: true, force: true });
      return exit;
    },
  };
}

/** Tries to connect until the port accepts, the process has exited, or the deadline passes. */
async function accepts(port: number, hasExited: () => boolean, deadline: number) {
  while (!hasExited() && Date.now() < deadline) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return true;
    // nginx says nothing when it is ready: its port can only be asked.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
