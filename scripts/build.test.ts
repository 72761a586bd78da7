import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stockClient, synced, waitFor } from '../server/test-support/clients.ts';
import { spawnServer, type ServerProcess } from '../server/test-support/process.ts';
import { buildServer } from './build.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function freshFolder(parent: string, prefix: string): Promise<string> {
  await mkdir(parent, { recursive: true });
  const folder = await mkdtemp(join(parent, prefix));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

async function compileRelay(): Promise<string> {
  // Inside the repository, where the compiled relay finds its packages in node_modules.
  const outDir = await freshFolder(join(repoRoot, 'dist-server'), 'test-');
  await buildServer(outDir);
  return outDir;
}

/** What `npm start` runs: the relay compiled to plain JavaScript, without tsx. */
async function startCompiledRelay(): Promise<ServerProcess> {
  const outDir = await compileRelay();
  const dataDir = await freshFolder(tmpdir(), 'compiled-relay-');
  const server = await spawnServer({ DATA_DIR: dataDir }, [join(outDir, 'main.js')]);
  cleanups.push(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
  });
  return server;
}

describe('the compiled relay', () => {
  it('answers /healthz, syncs a stock client, and stops with exit code 0 on SIGTERM', async () => {
    const server = await startCompiledRelay();

    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);

    const client = stockClient(server.wsUrl, 'compiled');
    cleanups.push(async () => client.destroy());
    await waitFor(synced(client), 'stock client synced with the compiled relay');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('lists every file it was built from, shared web model included, for npm start to check', async () => {
    const outDir = await compileRelay();
    const inputs: unknown = JSON.parse(await readFile(join(outDir, 'inputs.json'), 'utf8'));
    expect(inputs).toEqual(
      expect.arrayContaining([
        'server/main.ts',
        'server/rooms/room.ts',
        'web/src/model/schema.ts',
        'scripts/build.mjs',
      ]),
    );
  });
});
