import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stockClient, synced, waitFor } from '../server/test-support/clients.ts';
import { startRelay, type RelayProcess } from '../server/test-support/relay-process.ts';
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
async function startCompiledRelay(): Promise<RelayProcess> {
  const outDir = await compileRelay();
  const dataDir = await freshFolder(tmpdir(), 'compiled-relay-');
  const server = await startRelay({ dataDir, entry: [join(outDir, 'main.js')] });
  cleanups.push(async () => {
    await server.kill();
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

    expect(await server.stop('SIGTERM')).toBe(0);
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
