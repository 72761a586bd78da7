import { afterEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { waitFor } from '../test-support/clients.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import type { RawSocket } from '../test-support/raw-socket.ts';
import {
  Relay,
  closeOf,
  closedFor,
  expectRoomStillServes,
  expectSurvives,
  strokesOf,
  twoPeopleDrawing,
  type Person,
} from '../test-support/relay-harness.ts';

const ROOM = 'presence-room';
const MiB = 1024 * 1024;

let relay: Relay;
afterEach(async () => {
  await relay.stop();
});

/** A state of about `bytes` bytes of JSON. */
const stateOf = (bytes: number, tag = 'pad'): string =>
  JSON.stringify({ [tag]: 'x'.repeat(bytes) });

/** Someone who joined with a name, as the app announces itself. */
async function joinNamed(room: string, name: string): Promise<Person> {
  const person = await relay.joinSynced(room, name);
  person.provider.awareness.setLocalStateField('user', { name });
  return person;
}

/** `person` draws, and `other` sees it: everything sent before has been handled by the relay. */
async function roundTrip(person: Person, other: Person): Promise<void> {
  const mark = `${person.name}-${Math.random()}`;
  person.doc.getArray('strokes').push([mark]);
  await waitFor(() => strokesOf(other.doc).includes(mark), `${other.name} sees ${person.name}`);
}

describe('presence that no honest client could answer', () => {
  it('never reaches a joiner in one frame: 4.5 MB of states arrive in frames it can send back', async () => {
    // The lockout: two 3 MB states, each frame under the payload limit, made every joiner's
    // snapshot one 6 MB frame, and its stock client's answer was closed with 1009, every time.
    relay = await Relay.start({
      MAX_PRESENCE_STATE_BYTES: String(1 * MiB),
      MAX_ROOM_PRESENCE_BYTES: String(16 * MiB),
      // Each stock joiner echoes the 4.5 MB it applied: far past the room's inbound budget at
      // these raised presence limits (at the defaults an echo is at most 1 MiB).
      ROOM_RATE_LIMIT_BYTES_PER_SECOND: String(64 * MiB),
    });
    const pair = await twoPeopleDrawing(relay, ROOM);
    const mallory = await relay.raw(ROOM);
    for (let id = 1; id <= 5; id++) mallory.ws.send(awarenessFrame([[id, stateOf(900_000)]]));
    await waitFor(
      () => pair.bob.provider.awareness.getStates().size >= 5,
      'bob sees the five states',
    );
    for (const name of ['carol', 'dave']) {
      const joiner = await relay.joinSynced(ROOM, name);
      await waitFor(
        () => [1, 2, 3, 4, 5].every((id) => joiner.provider.awareness.getStates().has(id)),
        `${name} sees the five states`,
      );
      await roundTrip(joiner, pair.alice);
      expect(joiner.drops, `${name} kept her socket`).toEqual([]);
    }
    expect(await closedFor(relay.server, CloseReason.tooLarge.label)).toBe(0);
    await expectRoomStillServes(relay, ROOM, pair);
  });

  it('is refused once the room holds MAX_ROOM_PRESENCE_BYTES: its sender is closed with 1008', async () => {
    relay = await Relay.start({ MAX_ROOM_PRESENCE_BYTES: '32768' });
    // Six states of 5,000 bytes fit in 32 KiB; the seventh would cross it.
    const frames = Array.from({ length: 7 }, (_, i) => awarenessFrame([[i + 1, stateOf(5000)]]));
    await expectSurvives(
      relay,
      ROOM,
      { name: 'seven 5,000-byte states', send: (raw) => frames.forEach((f) => raw.ws.send(f)) },
      CloseReason.roomPresenceFull.code,
      CloseReason.roomPresenceFull.label,
    );
  });

  it('frees what a closed connection held, so others can be seen again', async () => {
    relay = await Relay.start({ MAX_ROOM_PRESENCE_BYTES: '32768' });
    const watcher = await relay.joinSynced(ROOM, 'watcher');
    const announce = async (first: number): Promise<RawSocket> => {
      const raw = await relay.raw(ROOM);
      for (let id = first; id < first + 6; id++) raw.ws.send(awarenessFrame([[id, stateOf(5000)]]));
      return raw;
    };
    const first = await announce(1);
    await waitFor(() => watcher.provider.awareness.getStates().has(6), 'the first six are seen');
    first.ws.close();
    await closeOf(first);
    await waitFor(() => !watcher.provider.awareness.getStates().has(6), 'the first six are gone');
    const second = await announce(101);
    await waitFor(() => watcher.provider.awareness.getStates().has(106), 'the next six are seen');
    expect(second.ws.readyState).toBe(second.ws.OPEN);
    expect(await closedFor(relay.server, CloseReason.roomPresenceFull.label)).toBe(0);
  });

  it('leaves nothing behind from a frame it could read only in part', async () => {
    relay = await Relay.start({ MAX_ROOM_PRESENCE_BYTES: '8192' });
    const watcher = await relay.joinSynced(ROOM, 'watcher');
    const mallory = await relay.raw(ROOM);
    // The first state parses, the second does not: y-protocols kept the first, unannounced.
    mallory.ws.send(
      awarenessFrame([
        [50, stateOf(5000)],
        [51, '{'],
      ]),
    );
    expect((await closeOf(mallory)).code).toBe(CloseReason.invalidPayload.code);
    const late = await relay.joinSynced(ROOM, 'late');
    // A state of 6,000 bytes fits only if the 5,000 of the broken frame were not kept.
    const honest = await relay.raw(ROOM);
    honest.ws.send(awarenessFrame([[60, stateOf(6000)]]));
    await waitFor(() => late.provider.awareness.getStates().has(60), 'the honest state is seen');
    expect(late.provider.awareness.getStates().has(50)).toBe(false);
    expect(watcher.provider.awareness.getStates().has(50)).toBe(false);
    expect(honest.ws.readyState).toBe(honest.ws.OPEN);
  });
});

describe('a crowded room', () => {
  it('keeps every joiner, though each sends back more states than one connection may own', async () => {
    // A joiner's client sends back everyone's presence it applied: 136 states here, where one
    // connection may announce 8. Those echoes change nothing and must not count as its own.
    relay = await Relay.start();
    const crowd: RawSocket[] = [];
    for (let socket = 0; socket < 17; socket++) {
      const raw = await relay.raw(ROOM);
      const ids = Array.from({ length: 8 }, (_, i) => 1000 + socket * 8 + i);
      raw.ws.send(awarenessFrame(ids.map((id) => [id, JSON.stringify({ user: { id } })])));
      crowd.push(raw);
    }
    const people: Person[] = [];
    for (const name of ['ann', 'ben', 'cy', 'di', 'ed']) {
      const person = await joinNamed(ROOM, name);
      await waitFor(
        () => person.provider.awareness.getStates().size >= 136 + people.length + 1,
        `${name} sees the crowd and everyone before`,
      );
      people.push(person);
    }
    await roundTrip(people.at(-1)!, people[0]!);
    for (const person of people) expect(person.drops, `${person.name} kept the socket`).toEqual([]);
    expect(crowd.every((raw) => raw.ws.readyState === raw.ws.OPEN)).toBe(true);
    expect(await closedFor(relay.server, CloseReason.presenceLimit.label)).toBe(0);
  });
});
