import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FULL_ACCESS } from '../access/access.ts';
import type { Identity } from '../access/identity.ts';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { RoomHarness } from '../test-support/room-harness.ts';
import type { Peer } from './peer.ts';
import { UpdateAdmission } from './update-admission.ts';

const ALICE: Identity = { key: 'sub:alice' };
const MALLORY: Identity = { key: 'sub:mallory' };

const rooms: RoomHarness[] = [];
async function open(name: string, options: Parameters<typeof RoomHarness.load>[1] = {}) {
  const room = await RoomHarness.load(name, options);
  rooms.push(room);
  return room;
}
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.close();
});

/** A document writing under `clientID`, as a client that took someone's id would. */
function docAs(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

const refusedAsOwned = { reason: CloseReason.clientOwned };

describe('authorship of client ids, in one room', () => {
  it("refuses an identity writing under another's id, and keeps the owner's later writes", async () => {
    const room = await open('studio');
    const alice = await room.joinSynced('alice', { identity: ALICE });
    alice.doc.getMap('shapes').set('a1', 1);
    await room.settle();
    const aliceId = alice.doc.clientID;
    // Alice goes offline and keeps drawing.
    alice.detach();
    alice.doc.getMap('shapes').set('a2', 2);

    const mallory = await room.joinSynced('mallory', { identity: MALLORY });
    // Yjs gives a doc a new id when it sees its own id written elsewhere; a forger sets it back
    // after syncing, so its next write continues Alice's clocks.
    mallory.doc.clientID = aliceId;
    mallory.doc.getMap('shapes').set('m1', 'forged');
    await expect(room.settle()).rejects.toMatchObject(refusedAsOwned);
    expect(mallory.open).toBe(false);
    expect(room.room.doc.getMap('shapes').has('m1')).toBe(false);
    const refusals = await room.metrics.authorRefusals.get();
    expect(refusals.values).toEqual([{ labels: { sender: 'identity' }, value: 1 }]);

    const back = await room.joinSynced('alice again', { identity: ALICE, doc: alice.doc });
    await room.settle();
    expect(room.room.doc.getMap('shapes').toJSON()).toEqual({ a1: 1, a2: 2 });
    const carol = await room.joinSynced('carol');
    expect(carol.doc.getMap('shapes').toJSON()).toEqual({ a1: 1, a2: 2 });
    expect(back.open).toBe(true);
  });

  it('refuses an anonymous connection extending an id an identity holds', async () => {
    const room = await open('studio');
    const alice = await room.joinSynced('alice', { identity: ALICE });
    alice.doc.getMap('shapes').set('a1', 1);
    await room.settle();
    const anonymous = await room.joinSynced('anonymous');
    anonymous.doc.clientID = alice.doc.clientID;
    anonymous.doc.getMap('shapes').set('x', 'forged');
    await expect(room.settle()).rejects.toMatchObject(refusedAsOwned);
    expect(room.room.doc.getMap('shapes').has('x')).toBe(false);
  });

  it("leaves anonymous writers' ids unbound: another anonymous one may continue them", async () => {
    const room = await open('studio');
    const first = await room.joinSynced('first');
    first.doc.getMap('shapes').set('f', 1);
    await room.settle();
    const second = await room.joinSynced('second');
    second.doc.clientID = first.doc.clientID;
    second.doc.getMap('shapes').set('s', 2);
    await room.settle();
    expect(room.room.doc.getMap('shapes').toJSON()).toEqual({ f: 1, s: 2 });
  });

  it('lets an identity take an id only anonymous writers used: they are refused there after', async () => {
    const room = await open('studio');
    const anonymous = await room.joinSynced('anonymous');
    anonymous.doc.getMap('shapes').set('x1', 1);
    await room.settle();
    const taken = anonymous.doc.clientID;
    // The anonymous client goes offline and keeps drawing under its id.
    anonymous.detach();
    anonymous.doc.getMap('shapes').set('x2', 2);
    anonymous.doc.getMap('shapes').set('x3', 3);
    const alice = await room.joinSynced('alice', { identity: ALICE });
    alice.doc.clientID = taken;
    alice.doc.getMap('shapes').set('a1', 1);
    await room.settle();
    // Back, its catch-up carries x3 under the id Alice now holds (x2 sits at the clock Alice
    // filled, so it is not even sent: PROTOCOL.md §4 says why the relay cannot see that).
    const back = room.join('anonymous again', { doc: anonymous.doc });
    await expect(room.settle()).rejects.toMatchObject(refusedAsOwned);
    expect(back.open).toBe(false);
    expect(room.room.doc.getMap('shapes').toJSON()).toEqual({ x1: 1, a1: 1 });
  });

  it("accepts re-sending structs the room holds, everyone's, and deleting others' content", async () => {
    const room = await open('studio');
    const alice = await room.joinSynced('alice', { identity: ALICE });
    const bob = await room.joinSynced('bob', { identity: { key: 'sub:bob' } });
    alice.doc.getMap('shapes').set('a1', 1);
    await room.settle();
    // Bob's whole state, Alice's structs included, as a catch-up after a reconnect sends it.
    bob.send(encodeSyncUpdate(Y.encodeStateAsUpdate(bob.doc)));
    await room.settle();
    bob.doc.getMap('shapes').delete('a1');
    await room.settle();
    expect(bob.open).toBe(true);
    expect(room.room.doc.getMap('shapes').has('a1')).toBe(false);
  });

  it('lets the same identity go on under its ids from another connection', async () => {
    const room = await open('studio');
    const first = await room.joinSynced('tab', { identity: ALICE });
    first.doc.getMap('shapes').set('a1', 1);
    await room.settle();
    first.leave();
    const again = await room.joinSynced('tab again', { identity: ALICE, doc: first.doc });
    again.doc.getMap('shapes').set('a2', 2);
    await room.settle();
    expect(room.room.doc.getMap('shapes').toJSON()).toEqual({ a1: 1, a2: 2 });
  });

  it('keeps the bindings when the room is unloaded and loaded again', async () => {
    const room = await open('studio', {
      store: new MemoryStore(),
      authors: new MemoryAuthorStore(),
    });
    const alice = await room.joinSynced('alice', { identity: ALICE });
    alice.doc.getMap('shapes').set('a1', 1);
    await room.settle();
    const aliceId = alice.doc.clientID;
    await room.reload();
    const mallory = await room.joinSynced('mallory', { identity: MALLORY });
    mallory.doc.clientID = aliceId;
    mallory.doc.getMap('shapes').set('m1', 'forged');
    await expect(room.settle()).rejects.toMatchObject(refusedAsOwned);
    expect(room.room.doc.getMap('shapes').toJSON()).toEqual({ a1: 1 });
  });

  it("counts a re-send of someone's pending structs as held, not as a claim", async () => {
    const room = await open('studio');
    const source = docAs(4242);
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    source.getMap('shapes').set('p1', 1);
    source.getMap('shapes').set('p2', 2);
    const alice = await room.joinSynced('alice', { identity: ALICE });
    // Alice's second change arrives first: the room keeps it pending, and binds 4242 to her.
    alice.send(encodeSyncUpdate(updates[1]!));
    await room.settle();
    expect(room.room.doc.store.pendingStructs).not.toBeNull();
    const bob = await room.joinSynced('bob', { identity: { key: 'sub:bob' } });
    bob.send(encodeSyncUpdate(updates[1]!));
    await room.settle();
    expect(bob.open).toBe(true);
    // The gap filled by Bob is a claim on 4242, which is Alice's.
    bob.send(encodeSyncUpdate(updates[0]!));
    await expect(room.settle()).rejects.toMatchObject(refusedAsOwned);
    alice.send(encodeSyncUpdate(updates[0]!));
    await room.settle();
    expect(room.room.doc.getMap('shapes').toJSON()).toEqual({ p1: 1, p2: 2 });
  });
});

describe('authorship of updates accepted but not yet stored', () => {
  const unused = (): never => {
    throw new Error('the admission never sends');
  };
  const peerOf = (id: number, key: string): Peer => ({
    id,
    access: FULL_ACCESS,
    identity: { key },
    send: unused,
    close: unused,
  });

  it("takes a re-send of what waits for its log write as held, and another's next clock as a claim", () => {
    const doc = new Y.Doc({ gc: true });
    const admission = new UpdateAdmission(doc, { maxNewClientsPerConnection: 64 });
    const source = docAs(77);
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    source.getMap('shapes').set('a', 1);
    source.getMap('shapes').set('b', 2);
    const alice = peerOf(1, 'sub:alice');
    const bob = peerOf(2, 'sub:bob');
    admission.admit(admission.check(alice, updates[0]!));
    admission.admit(admission.check(alice, updates[1]!));
    // Neither is applied yet; Bob forwards both, as a peer that heard them would.
    const forwarded = admission.check(bob, Y.mergeUpdates(updates));
    expect(forwarded.authorship.bindings).toEqual([]);
    source.getMap('shapes').set('c', 3);
    expect(() => admission.check(bob, updates[2]!)).toThrow(
      expect.objectContaining(refusedAsOwned),
    );
    expect(admission.check(alice, updates[2]!).authorship.bindings).toEqual([]);
  });
});
