import { afterEach, expect, it } from 'vitest';
import { waitFor } from '../test-support/clients.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import { Relay, metricValue, twoPeopleDrawing } from '../test-support/relay-harness.ts';

const ROOM = 'presence-binding';

let relay: Relay;
afterEach(async () => {
  await relay.stop();
});

it("a raw socket cannot rename, move or remove Alice's cursor, for Bob or for Alice", async () => {
  relay = await Relay.start();
  const { alice, bob } = await twoPeopleDrawing(relay, ROOM);
  const aliceId = alice.doc.clientID;
  alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#e11' });
  await waitFor(
    () => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
    'Bob sees Alice',
  );
  // Mallory read Alice's id and clock off the wire, as any participant can.
  const clock = bob.provider.awareness.meta.get(aliceId)?.clock ?? 0;
  const renamed = JSON.stringify({ user: { name: 'Mallory', color: '#000' } });
  const mallory = await relay.raw(ROOM);
  mallory.ws.send(awarenessFrame([[aliceId, renamed]], clock + 1));
  mallory.ws.send(awarenessFrame([[aliceId, renamed]], clock + 1_000_000));
  mallory.ws.send(awarenessFrame([[aliceId, 'null']], clock + 2));
  await expect
    .poll(
      () => metricValue(relay.server, 'relay_presence_dropped_total', { reason: 'not_owner' }),
      { message: 'the relay dropped all three', timeout: 10_000 },
    )
    .toBe(3);
  // Alice moves: Bob sees it, so anything the relay had relayed before would have reached him.
  alice.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
  await waitFor(
    () => bob.provider.awareness.getStates().get(aliceId)?.cursor?.x === 10,
    "Bob sees Alice's cursor",
  );
  expect(bob.provider.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
  expect(alice.provider.awareness.getLocalState()?.user?.name).toBe('Alice');
  expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
  expect(alice.drops).toEqual([]);
  expect(bob.drops).toEqual([]);
});
