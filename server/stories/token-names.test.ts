/**
 * "With a token, the server writes the token's name and color into that connection's presence,
 * so a name cannot be faked" (issue 11). Identities come from the test-only query policy
 * (test-support/identity-policy.ts), standing in for verified tokens.
 */
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { identityFromQuery } from '../test-support/identity-policy.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';
import { newSecret, signToken } from '../test-support/tokens.ts';

const ROOM = 'token-names';

let server: TestServer | null = null;
const clients: StockClient[] = [];
afterEach(async () => {
  const running = server;
  server = null;
  for (const client of clients.splice(0)) client.destroy();
  await running?.close();
  if (running) await removeDir(running.dataDir);
});

async function person(params: Record<string, string>): Promise<StockClient> {
  const client = stockClient(server!.wsUrl, ROOM, new Y.Doc(), { params });
  clients.push(client);
  await waitFor(() => client.provider.synced, 'synced');
  return client;
}

interface SeenUser {
  readonly id?: string;
  readonly name?: string;
  readonly color?: string;
}
const userOf = (viewer: StockClient, of: StockClient): SeenUser | undefined =>
  viewer.provider.awareness.getStates().get(of.doc.clientID)?.user as SeenUser | undefined;

it("shows everyone the name and color of a connection's identity, whatever its presence claims", async () => {
  server = await startTestServer({}, undefined, undefined, identityFromQuery());
  const alice = await person({ as: 'sub:alice', name: 'Alice', color: '#e11d48' });
  const bob = await person({ as: 'sub:bob' });
  const carol = await person({});

  // Alice's page claims to be the CEO; Bob's identity has no name; Carol is anonymous.
  alice.provider.awareness.setLocalStateField('user', { id: 'a1', name: 'CEO', color: '#000000' });
  bob.provider.awareness.setLocalStateField('user', { id: 'b1', name: 'Bob', color: '#2563eb' });
  carol.provider.awareness.setLocalStateField('user', {
    id: 'c1',
    name: 'Carol',
    color: '#16a34a',
  });
  await waitFor(() => userOf(carol, alice)?.id === 'a1', "Carol sees Alice's state");
  await waitFor(() => userOf(alice, carol)?.name === 'Carol', "Alice sees Carol's state");
  await waitFor(() => userOf(alice, bob)?.name === 'Bob', "Alice sees Bob's state");

  expect(userOf(carol, alice)).toEqual({ id: 'a1', name: 'Alice', color: '#e11d48' });
  expect(userOf(bob, alice)).toEqual({ id: 'a1', name: 'Alice', color: '#e11d48' });
  // Without a name or color to stamp, a state passes as it was sent.
  expect(userOf(carol, bob)).toEqual({ id: 'b1', name: 'Bob', color: '#2563eb' });
  expect(userOf(bob, carol)).toEqual({ id: 'c1', name: 'Carol', color: '#16a34a' });

  // Each change is stamped again: a rename sent with a cursor move does not get through either.
  alice.provider.awareness.setLocalState({
    user: { id: 'a1', name: 'Admin', color: '#000000' },
    cursor: { x: 5, y: 6 },
  });
  await waitFor(
    () => carol.provider.awareness.getStates().get(alice.doc.clientID)?.cursor?.x === 5,
    "Carol sees Alice's cursor move",
  );
  expect(userOf(carol, alice)).toEqual({ id: 'a1', name: 'Alice', color: '#e11d48' });
});

it("stamps a real token's name and color, with or without a subject, in the token mode", async () => {
  const secret = newSecret();
  server = await startTestServer({ ACCESS_MODE: 'token', AUTH_SECRET: secret.text });
  const token = (claims: Record<string, string>) =>
    signToken(secret.signer, { room: ROOM, access: 'edit', ...claims });
  const ada = await person({ token: await token({ sub: 'ada', name: 'Ada', color: '#7c3aed' }) });
  // A host that names its users without subjects still vouches for their names.
  const grace = await person({ token: await token({ name: 'Grace' }) });

  ada.provider.awareness.setLocalStateField('user', { id: 'a', name: 'Grace', color: '#000000' });
  grace.provider.awareness.setLocalStateField('user', { id: 'g', name: 'Ada', color: '#000000' });
  await waitFor(() => userOf(grace, ada)?.id === 'a', "Grace sees Ada's state");
  await waitFor(() => userOf(ada, grace)?.id === 'g', "Ada sees Grace's state");

  expect(userOf(grace, ada)).toEqual({ id: 'a', name: 'Ada', color: '#7c3aed' });
  expect(userOf(ada, grace)).toEqual({ id: 'g', name: 'Grace', color: '#000000' });
});
