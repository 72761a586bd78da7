import { afterEach, describe, expect, it } from 'vitest';
import { awarenessFrame } from '../test-support/frames.ts';
import type { PeerPair } from '../test-support/peer-pair.ts';
import { RoomHarness } from '../test-support/room-harness.ts';
import { MAX_CLOCK_STEP } from './presence-owners.ts';

let room: RoomHarness | undefined;
afterEach(async () => {
  await room?.close();
  room = undefined;
});

const NAMED_MALLORY = JSON.stringify({ user: { name: 'Mallory as Alice', color: '#000' } });

/** Alice and Bob in a room, Alice named, and Mallory on a bare socket. */
async function aliceBobAndMallory(): Promise<{
  current: RoomHarness;
  alice: PeerPair;
  bob: PeerPair;
  mallory: PeerPair;
  aliceId: number;
}> {
  room = await RoomHarness.load('bound-presence');
  const alice = await room.joinSynced('alice');
  const bob = await room.joinSynced('bob');
  alice.awareness.setLocalStateField('user', { name: 'Alice', color: '#f00' });
  const mallory = room.join('mallory', { bare: true });
  await room.settle();
  const aliceId = alice.doc.clientID;
  expect(bob.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
  return { current: room, alice, bob, mallory, aliceId };
}

const clockOf = (pair: PeerPair, clientId: number): number =>
  pair.awareness.meta.get(clientId)?.clock ?? 0;

async function dropped(current: RoomHarness, reason: string): Promise<number> {
  const text = await current.metrics.render();
  const match = new RegExp(`relay_presence_dropped_total\\{reason="${reason}"\\} (\\d+)`).exec(
    text,
  );
  return match ? Number(match[1]) : 0;
}

describe('a presence client id belongs to the connection that announced it', () => {
  it("ignores another connection's state for it: Bob still sees Alice, and Alice keeps her own", async () => {
    const { current, alice, bob, mallory, aliceId } = await aliceBobAndMallory();
    const next = clockOf(alice, aliceId) + 1;
    mallory.send(awarenessFrame([[aliceId, NAMED_MALLORY]], next));
    mallory.send(awarenessFrame([[aliceId, NAMED_MALLORY]], next + 1000));
    await current.settle();
    expect(bob.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
    // Nothing came back to Alice's client to overwrite (and then republish) her own state.
    expect(alice.awareness.getLocalState()?.user?.name).toBe('Alice');
    expect(mallory.open, 'the rest of the connection is not punished').toBe(true);
    expect(await dropped(current, 'not_owner')).toBe(2);
    // Alice's own changes still go through.
    alice.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
    await current.settle();
    expect(bob.awareness.getStates().get(aliceId)?.cursor).toEqual({ x: 5, y: 6 });
  });

  it("ignores another connection's removal of it", async () => {
    const { current, alice, bob, mallory, aliceId } = await aliceBobAndMallory();
    const clock = clockOf(bob, aliceId);
    mallory.send(awarenessFrame([[aliceId, 'null']], clock));
    mallory.send(awarenessFrame([[aliceId, 'null']], clock + 1));
    await current.settle();
    expect(bob.awareness.getStates().has(aliceId)).toBe(true);
    expect(alice.awareness.getLocalState()?.user?.name).toBe('Alice');
    expect(await dropped(current, 'not_owner')).toBe(2);
  });

  it('applies the entries of a frame its sender owns, and only those', async () => {
    const { current, bob, mallory, aliceId } = await aliceBobAndMallory();
    const next = clockOf(bob, aliceId) + 1;
    mallory.send(
      awarenessFrame(
        [
          [4242, JSON.stringify({ user: { name: 'Mallory' } })],
          [aliceId, NAMED_MALLORY],
        ],
        next,
      ),
    );
    await current.settle();
    expect(bob.awareness.getStates().get(4242)?.user?.name).toBe('Mallory');
    expect(bob.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
  });

  it('removes the ids of a connection that leaves, for everyone', async () => {
    const { current, alice, bob, aliceId } = await aliceBobAndMallory();
    alice.leave();
    await current.settle();
    expect(bob.awareness.getStates().has(aliceId)).toBe(false);
  });
});

describe('clocks', () => {
  it('drops a jump past the last clock by more than the step, and keeps the owner going', async () => {
    const { current, bob, mallory } = await aliceBobAndMallory();
    mallory.send(awarenessFrame([[777, JSON.stringify({ n: 1 })]], 3));
    await current.settle();
    // A clock this far ahead would make every later entry of 777 look stale to everyone.
    mallory.send(awarenessFrame([[777, JSON.stringify({ n: 2 })]], 3 + MAX_CLOCK_STEP + 1));
    await current.settle();
    expect(bob.awareness.getStates().get(777)).toEqual({ n: 1 });
    expect(clockOf(bob, 777)).toBe(3);
    expect(await dropped(current, 'clock_jump')).toBe(1);
    mallory.send(awarenessFrame([[777, JSON.stringify({ n: 3 })]], 4));
    await current.settle();
    expect(bob.awareness.getStates().get(777)).toEqual({ n: 3 });
  });

  it("takes back a returning client whose clock ran on offline, at the room's clock + 1", async () => {
    const { current, bob, alice, aliceId } = await aliceBobAndMallory();
    const seen = clockOf(bob, aliceId);
    alice.leave();
    await current.settle();
    expect(bob.awareness.getStates().has(aliceId)).toBe(false);
    // Offline for ten minutes: forty renewals and some cursor moves, none of them sent.
    for (let i = 0; i < 60; i++) alice.awareness.setLocalStateField('cursor', { x: i, y: 0 });
    const back = current.join('alice', { doc: alice.doc, awareness: alice.awareness });
    await current.settle();
    expect(back.synced).toBe(true);
    expect(bob.awareness.getStates().get(aliceId)?.cursor).toEqual({ x: 59, y: 0 });
    expect(clockOf(bob, aliceId)).toBe(seen + 1);
    alice.awareness.setLocalStateField('cursor', { x: 60, y: 0 });
    await current.settle();
    expect(bob.awareness.getStates().get(aliceId)?.cursor).toEqual({ x: 60, y: 0 });
    expect(clockOf(bob, aliceId)).toBe(seen + 2);
    // The room's echo of herself (at its lower clock) never replaced her own state.
    expect(alice.awareness.getLocalState()?.cursor).toEqual({ x: 60, y: 0 });
  });
});

describe('a reconnect', () => {
  it('lets a spoofer have nothing when the owner is alive, and the reconnected client everything once the old socket is gone', async () => {
    const { current, alice, bob, mallory, aliceId } = await aliceBobAndMallory();
    alice.detach();
    const again = current.join('alice', { doc: alice.doc, awareness: alice.awareness });
    mallory.send(awarenessFrame([[aliceId, NAMED_MALLORY]], clockOf(bob, aliceId) + 1));
    alice.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    await current.settle();
    expect(bob.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
    alice.leave(); // the heartbeat finds the old socket dead
    await current.settle();
    expect(bob.awareness.getStates().has(aliceId), 'Alice never vanished').toBe(true);
    alice.awareness.setLocalStateField('cursor', { x: 3, y: 4 });
    await current.settle();
    expect(bob.awareness.getStates().get(aliceId)?.cursor).toEqual({ x: 3, y: 4 });
    // Alice's new connection owns her id now: Mallory still cannot touch it.
    mallory.send(awarenessFrame([[aliceId, 'null']], clockOf(bob, aliceId) + 1));
    await current.settle();
    expect(bob.awareness.getStates().get(aliceId)?.cursor).toEqual({ x: 3, y: 4 });
    expect(again.open).toBe(true);
  });
});
