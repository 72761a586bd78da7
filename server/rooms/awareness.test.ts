import { afterEach, beforeEach, expect, it } from 'vitest';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
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

it('gathers awareness renewals of several clients into one frame, and still relays real changes', async () => {
  const people = ['ann', 'ben', 'cy'].map((name) => {
    const client = stockClient(server.wsUrl, 'idle-room');
    clients.push(client);
    client.provider.awareness.setLocalStateField('user', { name });
    return client;
  });
  const observer = stockClient(server.wsUrl, 'idle-room');
  clients.push(observer);
  await waitFor(() => [...people, observer].every((c) => c.provider.synced), 'all synced');
  await waitFor(() => observer.provider.awareness.getStates().size === 4, 'observer sees everyone');

  const batches: number[][] = [];
  observer.provider.awareness.on(
    'update',
    ({ updated }: { updated: number[] }, origin: unknown) => {
      if (origin !== 'local') batches.push(updated.filter((id) => id !== observer.doc.clientID));
    },
  );
  // What y-websocket does every 15 s for an idle user: the same state with a new clock.
  // Spaced out so they reach the server in separate event-loop turns.
  for (const person of people) {
    person.provider.awareness.setLocalState(person.provider.awareness.getLocalState());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await waitFor(() => batches.flat().length >= 3, 'renewals arrive');
  expect(batches).toHaveLength(1);
  expect(batches[0]!.sort()).toEqual(people.map((p) => p.doc.clientID).sort());

  people[0]!.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
  await waitFor(
    () => observer.provider.awareness.getStates().get(people[0]!.doc.clientID)?.cursor?.x === 10,
    'a real change arrives',
  );
});

it('keeps the presence of a user who reconnected before their old socket was found dead', async () => {
  const alice = stockClient(server.wsUrl, 'rejoin');
  const bob = stockClient(server.wsUrl, 'rejoin');
  clients.push(alice, bob);
  alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
  const aliceId = alice.doc.clientID;
  await waitFor(() => bob.provider.awareness.getStates().has(aliceId), 'bob sees alice');

  // Alice's network hiccups: her client opens a new socket while the old one still looks alive
  // to the server, then announces herself again on it.
  const oldSocket = alice.provider.ws!;
  const ghost = { close: () => undefined };
  alice.provider.ws = null;
  alice.provider.wsconnected = false;
  oldSocket.onclose = ghost.close as unknown as typeof oldSocket.onclose;
  oldSocket.onmessage = null;
  alice.provider.connect();
  await waitFor(() => alice.provider.wsconnected && alice.provider.ws !== oldSocket, 'new socket');
  alice.provider.awareness.setLocalStateField('user', { name: 'Alice', again: true });
  await waitFor(
    () => bob.provider.awareness.getStates().get(aliceId)?.user?.again === true,
    'bob sees alice again',
  );
  let bobLostAlice = false;
  bob.provider.awareness.on('change', ({ removed }: { removed: number[] }) => {
    if (removed.includes(aliceId)) bobLostAlice = true;
  });
  const before = server.connectionCount();
  oldSocket.close(); // the server finally notices the old socket is gone
  await waitFor(() => server.connectionCount() === before - 1, 'old socket closed');
  // Give the removal, had it been sent, time to reach Bob: a real change from Alice goes after it.
  alice.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
  await waitFor(
    () => bob.provider.awareness.getStates().get(aliceId)?.cursor?.x === 1,
    'bob sees the later change',
  );
  expect(bobLostAlice).toBe(false);
});
