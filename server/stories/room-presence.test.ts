import { afterEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { waitFor } from '../test-support/clients.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import {
  Relay,
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
      // Every test client shares one address, so the same echoes count against the address's
      // budget too (16 MiB/s by default): one clean CI run closed dave with a 1008, which only
      // a byte budget sends here, and the room's was already raised.
      IP_RATE_LIMIT_BYTES_PER_SECOND: String(64 * MiB),
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
});
