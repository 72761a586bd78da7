import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { stockClient, synced, waitFor, type StockClient } from './clients.ts';
import { NGINX_CONF, startNginx, type RunningNginx } from './nginx.ts';
import { RawSocket, upgradeRefusal } from './raw-socket.ts';
import { removeDir, startTestServer, type TestServer } from './server.ts';

let nginx: RunningNginx | undefined;
const relays: TestServer[] = [];
const clients: StockClient[] = [];
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.ws.terminate();
  await nginx?.stop();
  nginx = undefined;
  for (const relay of relays.splice(0)) {
    await relay.close();
    await removeDir(relay.dataDir);
  }
});

const relay = async (env: Record<string, string> = {}) => {
  const started = await startTestServer({ TRUST_PROXY: '127.0.0.1', ...env });
  relays.push(started);
  return started;
};
const client = (wsUrl: string, room: string) => {
  const created = stockClient(wsUrl, room);
  clients.push(created);
  return created;
};

it('runs deploy/nginx.conf unchanged, and a stock client syncs through it', async () => {
  const only = await relay();
  nginx = await startNginx({ upstreamPorts: [only.port] });
  expect(await readFile(join(nginx.prefix, 'nginx.conf'), 'utf8')).toBe(
    await readFile(NGINX_CONF, 'utf8'),
  );

  const alice = client(nginx.wsUrl, 'through-nginx');
  await waitFor(synced(alice), 'alice synced through nginx');
  alice.doc.getArray('strokes').push(['hello']);
  const bob = client(only.wsUrl, 'through-nginx');
  await waitFor(() => bob.doc.getArray('strokes').length === 1, 'bob, on the relay, sees it');
  expect(only.connectionCount()).toBe(2);
});

it('spreads connections over every instance, with no stickiness', async () => {
  const first = await relay();
  const second = await relay();
  nginx = await startNginx({ upstreamPorts: [first.port, second.port] });
  const six = Array.from({ length: 6 }, () => client(nginx!.wsUrl, 'one-room'));
  await waitFor(() => six.every((each) => each.provider.synced), 'all six synced');
  expect(first.connectionCount() + second.connectionCount()).toBe(6);
  expect(first.connectionCount()).toBeGreaterThan(0);
  expect(second.connectionCount()).toBeGreaterThan(0);
});

it('sends new connections past an instance that is gone', async () => {
  const gone = await relay();
  const alive = await relay();
  nginx = await startNginx({ upstreamPorts: [gone.port, alive.port] });
  await gone.close();
  const three = Array.from({ length: 3 }, () => client(nginx!.wsUrl, 'past-the-dead'));
  await waitFor(() => three.every((each) => each.provider.synced), 'all three synced');
  expect(alive.connectionCount()).toBe(3);
});

it('keeps the X-Forwarded-For chain for the relay: its per-address limits count clients, not nginx', async () => {
  const only = await relay({ MAX_CONNECTIONS_PER_IP: '1' });
  nginx = await startNginx({ upstreamPorts: [only.port] });
  // Clients behind another proxy: nginx appends the address it sees (loopback, trusted), so the
  // relay counts the address before it.
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
  const url = `${nginx.wsUrl}/per-address`;
  sockets.push(await RawSocket.open(url, from('203.0.113.7')));
  sockets.push(await RawSocket.open(url, from('203.0.113.8')));
  expect((await upgradeRefusal(url, from('203.0.113.7'))).status).toBe(429);
});
