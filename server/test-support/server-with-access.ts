import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessPolicy } from '../access/access-policy.ts';
import { startServer } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { TestServer } from './server.ts';

/** A real server on a free loopback port, deciding access with `access`; LevelDB in its own folder. */
export async function startServerWithAccess(
  access: AccessPolicy,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'wb-access-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    STATIC_DIR: join(dir, 'no-static'),
    ROOM_IDLE_UNLOAD_MS: '0',
    ...env,
  });
  const server = await startServer({ config, access });
  return Object.assign({}, server, {
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    dataDir: dir,
    config,
  });
}
