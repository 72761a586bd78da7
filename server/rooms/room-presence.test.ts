import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '../protocol/messages.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import type { PeerPair } from '../test-support/peer-pair.ts';
import { RoomHarness } from '../test-support/room-harness.ts';

const ROOM = 'presence-room';

let room: RoomHarness | undefined;
afterEach(async () => {
  await room?.close();
  room = undefined;
});

/** A state of about `bytes` bytes of JSON. */
const stateOf = (bytes: number, tag = 'pad'): string =>
  JSON.stringify({ [tag]: 'x'.repeat(bytes) });

/** `person` draws, and `other` sees it once the room has handled everything sent before. */
async function roundTrip(current: RoomHarness, person: PeerPair, other: PeerPair): Promise<void> {
  const mark = `${person.name}-mark`;
  person.doc.getArray('strokes').push([mark]);
  await current.settle();
  expect(other.doc.getArray('strokes').toJSON()).toContain(mark);
}

describe('presence that no honest client could answer', () => {
  it('frees what a closed connection held, so others can be seen again', async () => {
    room = await RoomHarness.load(ROOM, { env: { MAX_ROOM_PRESENCE_BYTES: '32768' } });
    const current = room;
    const watcher = await room.joinSynced('watcher');
    const announce = (first: number): PeerPair => {
      const raw = current.join(`raw-${first}`, { bare: true });
      for (let id = first; id < first + 6; id++) raw.send(awarenessFrame([[id, stateOf(5000)]]));
      return raw;
    };
    const first = announce(1);
    await room.settle();
    expect(watcher.awareness.getStates().has(6), 'the first six are seen').toBe(true);
    first.leave();
    await room.settle();
    expect(watcher.awareness.getStates().has(6), 'the first six are gone').toBe(false);
    const second = announce(101);
    await room.settle();
    expect(watcher.awareness.getStates().has(106), 'the next six are seen').toBe(true);
    expect(second.open).toBe(true);
    expect(second.peer.closedWith).toBeNull();
  });

  it('leaves nothing behind from a frame it could read only in part', async () => {
    room = await RoomHarness.load(ROOM, { env: { MAX_ROOM_PRESENCE_BYTES: '8192' } });
    const watcher = await room.joinSynced('watcher');
    const mallory = room.join('mallory', { bare: true });
    // The first state parses, the second does not: y-protocols kept the first, unannounced.
    mallory.send(
      awarenessFrame([
        [50, stateOf(5000)],
        [51, '{'],
      ]),
    );
    // Malformed content: the connection closes its sender with 1007.
    const refused = await room.settle().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProtocolError);
    expect((refused as ProtocolError).kind).toBe('malformed');
    expect(mallory.open).toBe(false);
    const late = await room.joinSynced('late');
    // A state of 6,000 bytes fits only if the 5,000 of the broken frame were not kept.
    const honest = room.join('honest', { bare: true });
    honest.send(awarenessFrame([[60, stateOf(6000)]]));
    await room.settle();
    expect(late.awareness.getStates().has(60), 'the honest state is seen').toBe(true);
    expect(late.awareness.getStates().has(50)).toBe(false);
    expect(watcher.awareness.getStates().has(50)).toBe(false);
    expect(honest.open).toBe(true);
  });
});

describe('a crowded room', () => {
  it('keeps every joiner, though each sends back more states than one connection may own', async () => {
    // A joiner's client sends back everyone's presence it applied: 136 states here, where one
    // connection may announce 8. Those echoes change nothing and must not count as its own.
    room = await RoomHarness.load(ROOM);
    const crowd: PeerPair[] = [];
    for (let socket = 0; socket < 17; socket++) {
      const raw = room.join(`crowd-${socket}`, { bare: true });
      const ids = Array.from({ length: 8 }, (_, i) => 1000 + socket * 8 + i);
      raw.send(awarenessFrame(ids.map((id) => [id, JSON.stringify({ user: { id } })])));
      crowd.push(raw);
      await room.settle();
    }
    const people: PeerPair[] = [];
    for (const name of ['ann', 'ben', 'cy', 'di', 'ed']) {
      const person = await room.joinSynced(name);
      person.awareness.setLocalStateField('user', { name });
      await room.settle();
      expect(
        person.awareness.getStates().size,
        `${name} sees the crowd and everyone before`,
      ).toBeGreaterThanOrEqual(136 + people.length + 1);
      people.push(person);
    }
    await roundTrip(room, people.at(-1)!, people[0]!);
    for (const person of people) expect(person.open, `${person.name} kept the socket`).toBe(true);
    expect(crowd.every((raw) => raw.open)).toBe(true);
  });
});
