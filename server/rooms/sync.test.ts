import { afterEach, describe, expect, it } from 'vitest';
import { RoomHarness } from '../test-support/room-harness.ts';

const rooms: RoomHarness[] = [];
async function open(name: string): Promise<RoomHarness> {
  const room = await RoomHarness.load(name);
  rooms.push(room);
  return room;
}
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.close();
});

describe('two people in a room, each speaking as the stock y-websocket client', () => {
  it('converge on concurrent edits', async () => {
    const room = await open('studio');
    const alice = await room.joinSynced('alice');
    const bob = await room.joinSynced('bob');
    alice.doc.getArray('strokes').push(['a1', 'a2']);
    bob.doc.getArray('strokes').push(['b1']);
    await room.settle();
    expect(bob.doc.getArray('strokes')).toHaveLength(3);
    expect(alice.doc.getArray('strokes')).toHaveLength(3);
    expect(alice.doc.getArray('strokes').toJSON()).toEqual(bob.doc.getArray('strokes').toJSON());
  });

  it('gives a late joiner the full state', async () => {
    const room = await open('gallery');
    const alice = await room.joinSynced('alice');
    for (let i = 0; i < 50; i++) alice.doc.getMap('shapes').set(`s${i}`, i);
    await room.settle();
    const carol = await room.joinSynced('carol');
    expect(carol.doc.getMap('shapes').size).toBe(50);
  });

  it('gives each newcomer the room as it is when they join, changes since the last joiner included', async () => {
    const room = await open('workshop');
    const alice = await room.joinSynced('alice');
    for (let i = 0; i < 20; i++) alice.doc.getMap('shapes').set(`s${i}`, i);
    await room.settle();
    const carol = room.join('carol');
    const dave = room.join('dave');
    await room.settle();
    expect(carol.doc.getMap('shapes').size).toBe(20);
    expect(dave.doc.getMap('shapes').size).toBe(20);
    alice.doc.getMap('shapes').set('late', 'after carol and dave');
    alice.doc.getMap('shapes').delete('s0');
    await room.settle();
    expect(carol.doc.getMap('shapes').has('late')).toBe(true);
    const erin = await room.joinSynced('erin');
    expect(erin.doc.getMap('shapes').has('late')).toBe(true);
    expect(erin.doc.getMap('shapes').toJSON()).toEqual(alice.doc.getMap('shapes').toJSON());
  });

  it('reloads a room left empty whole, and a change made after the reload reaches the next joiner', async () => {
    const room = await open('atelier');
    const alice = await room.joinSynced('alice');
    for (let i = 0; i < 20; i++) alice.doc.getMap('shapes').set(`s${i}`, i);
    const watcher = await room.joinSynced('watcher');
    expect(watcher.doc.getMap('shapes').size).toBe(20);
    // Unloading folds the room into one snapshot: the next load starts from those bytes.
    await room.reload();

    const bob = await room.joinSynced('bob');
    expect(bob.doc.getMap('shapes').size).toBe(20);
    bob.doc.getMap('shapes').set('after-reload', true);
    await room.settle();
    const carol = await room.joinSynced('carol');
    expect(carol.doc.getMap('shapes').has('after-reload')).toBe(true);
    expect(carol.doc.getMap('shapes').size).toBe(21);
  });

  it('keeps rooms apart', async () => {
    const roomA = await open('room-a');
    const roomB = await open('room-b');
    const alice = await roomA.joinSynced('alice');
    const bob = await roomB.joinSynced('bob');
    alice.doc.getMap('m').set('only', 'a');
    await roomA.settle();
    const alice2 = await roomA.joinSynced('alice2');
    expect(alice2.doc.getMap('m').get('only')).toBe('a');
    await roomB.settle();
    expect(bob.doc.getMap('m').has('only')).toBe(false);
  });

  it('relays awareness, and removes it for everyone when its owner leaves', async () => {
    const room = await open('presence');
    const alice = await room.joinSynced('alice');
    const bob = await room.joinSynced('bob');
    alice.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await room.settle();
    expect(bob.awareness.getStates().get(aliceId)?.user?.name).toBe('Alice');
    alice.leave();
    await room.settle();
    expect(bob.awareness.getStates().has(aliceId)).toBe(false);
  });
});
