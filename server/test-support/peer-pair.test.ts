import { afterEach, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { RoomHarness } from './room-harness.ts';

let room: RoomHarness | undefined;
afterEach(async () => {
  await room?.close();
  room = undefined;
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

it('moves nothing between a client and the room until a direction is flushed', async () => {
  room = await RoomHarness.load('still');
  const alice = room.join('alice');
  expect(room.room.peerCount).toBe(1);
  expect(
    alice.peer.outbox.map(({ kind }) => kind),
    'the room opened with its step 1',
  ).toEqual(['sync']);
  alice.flushToClient();
  expect(alice.synced, 'a step 1 alone does not sync').toBe(false);
  alice.flushToRoom(); // her step 1, and her answer to the room's
  expect(alice.pending, "the room's step 2 waits").toBe(1);
  alice.flushToClient();
  expect(alice.synced).toBe(true);

  const bob = await room.joinSynced('bob');
  alice.doc.getArray('strokes').push(['unsent']);
  await room.room.drainWrites();
  await nextTurn();
  expect(bob.doc.getArray('strokes').length, 'nothing left alice before a flush').toBe(0);
  await room.settle();
  expect(bob.doc.getArray('strokes').toJSON()).toEqual(['unsent']);
});

it('ends the pair when the room closes its peer, once the close is delivered', async () => {
  room = await RoomHarness.load('closing');
  const alice = await room.joinSynced('alice');
  alice.peer.close(CloseReason.goingAway);
  expect(alice.open).toBe(false);
  expect(room.room.peerCount, 'the room hears of it with the socket close').toBe(1);
  alice.flushToClient();
  expect(room.room.peerCount).toBe(0);
  expect(room.emptied).toBe(1);
});
