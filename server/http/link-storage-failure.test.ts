import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { LevelLinkStore } from '../links/level-link-store.ts';
import { LevelStore } from '../storage/level-store.ts';
import { api } from '../test-support/api.ts';
import { removeDir } from '../test-support/server.ts';

let server: RunningServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

it('answers 503, not 500, when the link store cannot be read or written', async () => {
  const [dataDir, linkDir] = await Promise.all(
    ['wb-data-', 'wb-links-'].map((prefix) => mkdtemp(join(tmpdir(), prefix))),
  );
  dirs.push(dataDir!, linkDir!);
  // A real LevelDB, closed: every read and write of its table is refused.
  const linkDb = await LevelStore.open(linkDir!);
  const links = new LevelLinkStore(linkDb.table('links'));
  await linkDb.close();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir! });
  server = await startServer({ config, links });
  const create = await api(server.url, 'POST', '/api/rooms/r/links', { access: 'view' });
  expect(create.status).toBe(503);
  expect(create.headers.get('retry-after')).toBe('5');
  expect((await api(server.url, 'GET', '/api/rooms/r/links')).status).toBe(503);
  expect((await api(server.url, 'POST', '/api/rooms')).status).toBe(503);
  const ticket = await api(server.url, 'POST', '/api/tickets', undefined, {
    authorization: `Bearer ${'A'.repeat(22)}`,
  });
  expect(ticket.status).toBe(503);
});
