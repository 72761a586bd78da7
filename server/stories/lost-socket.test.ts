import { afterEach, beforeEach, it } from 'vitest';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

let server: TestServer;
const clients: StockClient[] = [];
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
  await removeDir(server.dataDir);
});

it('relays awareness and removes it when a socket dies', async () => {
  const [alice, bob] = ['presence', 'presence'].map((room) => {
    const client = stockClient(server.wsUrl, room);
    clients.push(client);
    return client;
  }) as [StockClient, StockClient];
  await waitFor(synced(alice), 'alice synced');
  await waitFor(synced(bob), 'bob synced');
  alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
  const aliceId = alice.doc.clientID;
  await waitFor(
    () => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
    'bob sees alice',
  );
  // Kill the TCP connection without a close frame, as a crashed tab or lost network would.
  const socket = alice.provider.ws as unknown as { _socket: { destroy(): void } } | null;
  alice.provider.shouldConnect = false;
  socket!._socket.destroy();
  await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), 'alice gone for bob', 5000);
});
