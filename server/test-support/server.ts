import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessPolicy } from '../access/access-policy.ts';
import { startServer, type RunningServer } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { TicketStore } from '../tickets/ticket-store.ts';

export interface TestServer extends RunningServer {
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly config: Config;
}

/**
 * A real server on a free loopback port with its own LevelDB folder (unless a store is given),
 * deciding access with `access` when given (default: the server's own, open mode).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  store?: DocStore,
  dataDir?: string,
  access?: AccessPolicy,
  { tickets }: { readonly tickets?: TicketStore } = {},
): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'wb-test-')));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    STATIC_DIR: join(dir, 'no-static'),
    // Rooms unload as soon as they are empty, so tests can wait for it; warm-period tests set it.
    ROOM_IDLE_UNLOAD_MS: '0',
    ...env,
  });
  const server = await startServer({
    config,
    ...(store ? { store } : {}),
    ...(access ? { access } : {}),
    ...(tickets ? { tickets } : {}),
  });
  return Object.assign({}, server, {
    // ws:// or, with TLS_CERT_FILE, wss://
    wsUrl: `${server.url.replace(/^http/, 'ws')}/ws`,
    dataDir: dir,
    config,
  });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
