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
