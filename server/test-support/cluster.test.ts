import { access } from 'node:fs/promises';
import { afterEach, expect, it } from 'vitest';
import { stockClient, synced, waitFor, type StockClient } from './clients.ts';
import { connectionsOf, startCluster, type RelayCluster } from './cluster.ts';

let cluster: RelayCluster | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.stop();
  cluster = undefined;
});

it('starts Redis, three relays and nginx, restarts a killed relay on its port, and leaves nothing behind', async () => {
  cluster = await startCluster();
  const killed = cluster.relays[0]!;
  expect(await cluster.killRelay(0)).toBe('SIGKILL');
  const restarted = await cluster.restartRelay(0);
  expect(restarted.port, 'nginx still knows it by its port').toBe(killed.port);

  const client = stockClient(cluster.nginx.wsUrl, 'harness');
  clients.push(client);
  await waitFor(synced(client), 'a client synced through nginx');
  const connections = await Promise.all(cluster.relays.map(connectionsOf));
  expect(connections.reduce((sum, n) => sum + n, 0)).toBe(1);

  expect(await cluster.killRedis()).toBe('SIGKILL');
  const redis = await cluster.restartRedis();
  expect(redis.port).toBe(cluster.redis!.port);

  const folders = [
    cluster.nginx.prefix,
    redis.dir,
    ...cluster.relays.map((relay) => relay.dataDir),
  ];
  await cluster.stop();
  cluster = undefined;
  for (const folder of folders) await expect(access(folder)).rejects.toThrow();
}, 240_000);
