import { afterEach, expect, it, vi } from 'vitest';
import { RoomHarness } from '../test-support/room-harness.ts';

let room: RoomHarness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await room?.close();
  room = undefined;
});

/** How long the room gathers renewals (room.ts, AWARENESS_RENEWAL_DELAY_MS). */
const RENEWAL_DELAY_MS = 1000;

it('gathers awareness renewals of several clients into one frame, and still relays real changes', async () => {
  // Only the room's renewal timer runs on the test's clock; its turns (setImmediate) stay real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  room = await RoomHarness.load('idle-room');
  const people = ['ann', 'ben', 'cy'].map((name) => {
    const person = room!.join(name);
    person.awareness.setLocalStateField('user', { name });
    return person;
  });
  const observer = room.join('observer');
  await room.settle();
  expect([...people, observer].every((pair) => pair.synced)).toBe(true);
  expect(observer.awareness.getStates().size).toBe(4);

  const batches: number[][] = [];
  observer.awareness.on('update', ({ updated }: { updated: number[] }, origin: unknown) => {
    if (origin !== 'local') batches.push(updated.filter((id) => id !== observer.doc.clientID));
  });
  // What y-websocket does every 15 s for an idle user: the same state with a new clock.
  // Each reaches the room in a turn of its own.
  for (const person of people) {
    person.awareness.setLocalState(person.awareness.getLocalState());
    await room.settle();
  }
  expect(batches, 'renewals wait to share a frame').toEqual([]);
  vi.advanceTimersByTime(RENEWAL_DELAY_MS);
  await room.settle();
  expect(batches).toHaveLength(1);
  expect(batches[0]!.sort()).toEqual(people.map((p) => p.doc.clientID).sort());

  people[0]!.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
  await room.settle();
  expect(observer.awareness.getStates().get(people[0]!.doc.clientID)?.cursor?.x).toBe(10);
});

it('keeps the presence of a user who reconnected before their old socket was found dead', async () => {
  room = await RoomHarness.load('rejoin');
  const alice = room.join('alice');
  const bob = room.join('bob');
  alice.awareness.setLocalStateField('user', { name: 'Alice' });
  const aliceId = alice.doc.clientID;
  await room.settle();
  expect(bob.awareness.getStates().has(aliceId)).toBe(true);

  // Alice's network hiccups: her client opens a new connection while the old one still looks
  // alive to the room, then announces herself again on it. Her id belongs to the old connection
  // until the room finds it gone (presence-owners.ts: a spoofer bumping her clock looks the
  // same), so Bob keeps seeing her as she was.
  alice.detach();
  const aliceAgain = room.join('alice', { doc: alice.doc, awareness: alice.awareness });
  alice.awareness.setLocalStateField('user', { name: 'Alice', again: true });
  await room.settle();
  expect(aliceAgain.synced).toBe(true);
  expect(bob.awareness.getStates().get(aliceId)?.user).toEqual({ name: 'Alice' });
  let bobLostAlice = false;
  bob.awareness.on('change', ({ removed }: { removed: number[] }) => {
    if (removed.includes(aliceId)) bobLostAlice = true;
  });
  const before = room.room.peerCount;
  alice.leave(); // the room finally hears the old connection is gone
  expect(room.room.peerCount).toBe(before - 1);
  await room.settle();
  // Had the removal been sent, it would reach Bob before this later change from Alice.
  alice.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
  await room.settle();
  expect(bob.awareness.getStates().get(aliceId)?.cursor?.x).toBe(1);
  expect(bob.awareness.getStates().get(aliceId)?.user?.again).toBe(true);
  expect(bobLostAlice).toBe(false);
});
