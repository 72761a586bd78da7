import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeAwareness } from '../protocol/messages.ts';
import { waitFor } from '../test-support/clients.ts';
import {
  Relay,
  closeOf,
  closedFor,
  expectRoomStillServes,
  expectStoredAcrossReloads,
  twoPeopleDrawing,
  type Person,
} from '../test-support/relay-harness.ts';

const ROOM = 'pulse';
const HEARTBEAT_MS = 200;

let relay: Relay;
beforeEach(async () => {
  relay = await Relay.start({ HEARTBEAT_MS: String(HEARTBEAT_MS) });
});
afterEach(async () => {
  await relay.stop();
});

/** Counts the server's pings on a stock client's current socket, which ws answers by itself. */
function countPings(person: Person): () => number {
  let pings = 0;
  // The provider types its socket as the DOM WebSocket; under Node it is a ws WebSocket.
  const socket = person.provider.ws as unknown as WebSocket;
  socket.on('ping', () => pings++);
  return () => pings;
}

describe('the heartbeat', () => {
  it('terminates a client that never answers pings and removes its cursor; others stay', async () => {
    const pair = await twoPeopleDrawing(relay, ROOM);
    const alicePings = countPings(pair.alice);
    const bobPings = countPings(pair.bob);

    // Mallory announces a cursor, then her socket stops answering pings (a frozen tab, a dead NAT).
    const mallory = await relay.raw(ROOM, { autoPong: false });
    const presence = new awarenessProtocol.Awareness(new Y.Doc());
    presence.setLocalState({ user: { name: 'Mallory' } });
    mallory.ws.send(
      encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(presence, [presence.clientID])),
    );
    const bobSeesMallory = () => pair.bob.provider.awareness.getStates().has(presence.clientID);
    await waitFor(bobSeesMallory, 'bob sees mallory');

    // Terminated without a close frame: the client sees 1006 (abnormal closure).
    expect((await closeOf(mallory, 10 * HEARTBEAT_MS)).code).toBe(1006);
    await waitFor(() => !bobSeesMallory(), 'mallory gone for bob');
    await waitFor(
      () => !pair.alice.provider.awareness.getStates().has(presence.clientID),
      'mallory gone for alice',
    );

    // Several more heartbeat periods, counted by the pings the pair answered.
    const pingsAtTermination = Math.min(alicePings(), bobPings());
    await waitFor(
      () => Math.min(alicePings(), bobPings()) >= pingsAtTermination + 4,
      'four more pings each',
    );

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    await expect.poll(() => closedFor(relay.server, 'heartbeat_timeout')).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('keeps a quiet stock client connected across many heartbeats', async () => {
    const { alice, bob } = await twoPeopleDrawing(relay, ROOM);
    const alicePings = countPings(alice);
    await waitFor(() => alicePings() >= 4, 'four pings answered');
    expect(alice.drops).toEqual([]);
    expect(bob.drops).toEqual([]);
    expect(relay.server.connectionCount()).toBe(2);
  });
});
