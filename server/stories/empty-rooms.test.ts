import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { stockClient, synced, waitFor } from '../test-support/clients.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = undefined;
});

async function storedKeys(dataDir: string): Promise<string[]> {
  const db = new Level<string, Uint8Array>(dataDir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  try {
    return await db.keys().all();
  } finally {
    await db.close();
  }
}

it('keeps nothing on disk for rooms that were opened, watched and left without content', async () => {
  server = await startTestServer();
  // Stock clients sync (an empty step 2 each way) and announce presence, as a visitor does.
  for (let i = 0; i < 20; i++) {
    const visitor = stockClient(server.wsUrl, `glance-${i}`);
    visitor.provider.awareness.setLocalStateField('user', { name: `visitor ${i}` });
    await waitFor(synced(visitor), `visitor ${i} synced`);
    visitor.destroy();
  }
  await waitFor(
    () => server!.connectionCount() === 0 && server!.rooms.size === 0,
    'every room unloaded',
  );
  const { dataDir } = server;
  await server.close();
  expect(await storedKeys(dataDir)).toEqual([]);
  // Reopened for the next test's cleanup: afterEach closes it again.
  server = await startTestServer({}, undefined, dataDir);
});
