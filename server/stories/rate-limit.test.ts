import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncStep1 } from '../protocol/messages.ts';
import { waitFor } from '../test-support/clients.ts';
import {
  Relay,
  STROKES,
  closeOf,
  closedFor,
  expectRoomStillServes,
  expectStoredAcrossReloads,
  strokesOf,
  twoPeopleDrawing,
  type Person,
} from '../test-support/relay-harness.ts';

const ROOM = 'sprint';
const TIGHT = { RATE_LIMIT_PER_SECOND: '50', RATE_LIMIT_BURST: '100' };
/** The byte bucket saves up two frames of MAX_PAYLOAD_BYTES: 128 KiB here. */
const TIGHT_BYTES = { RATE_LIMIT_BYTES_PER_SECOND: '16384', MAX_PAYLOAD_BYTES: '65536' };

/**
 * A valid but bulky sync step 1: a state vector naming `clients` unknown clients. The server only
 * answers the sender, so the bytes cost the server without touching the room.
 */
function bulkyStep1(clients: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients);
  for (let i = 0; i < clients; i++) {
    encoding.writeVarUint(encoder, 1_000_000 + i);
    encoding.writeVarUint(encoder, 0);
  }
  return encodeSyncStep1(encoding.toUint8Array(encoder));
}

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/** Draws `count` strokes at `perSecond`, as a hand on a pen would; resolves when the last is drawn. */
function drawAtPace(person: Person, count: number, perSecond: number): Promise<void> {
  return new Promise((resolve) => {
    let drawn = 0;
    const pen = setInterval(() => {
      person.doc.getArray(STROKES).push([`${person.name}-paced-${drawn++}`]);
      if (drawn === count) {
        clearInterval(pen);
        resolve();
      }
    }, 1000 / perSecond);
  });
}

describe('a flood of messages above the rate limit', () => {
  it('closes only the flooder with 1008 while an honest drawer in the room carries on', async () => {
    relay = await Relay.start(TIGHT);
    const pair = await twoPeopleDrawing(relay, ROOM);
    const mallory = await relay.raw(ROOM);
    const drawing = drawAtPace(pair.alice, 30, 30);
    // Valid, cheap messages: only their number is hostile. 300 is three times the burst.
    for (let i = 0; i < 300; i++) mallory.ws.send(Uint8Array.of(3));
    expect((await closeOf(mallory)).code).toBe(CloseReason.rateLimited.code);
    await drawing;
    await waitFor(
      () =>
        strokesOf(pair.bob.doc).filter((stroke) => String(stroke).startsWith('alice-paced-'))
          .length === 30,
      'bob sees all 30 paced strokes',
    );

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    await expect.poll(() => closedFor(relay!.server, CloseReason.rateLimited.label)).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('closes a sender of few but bulky messages above RATE_LIMIT_BYTES_PER_SECOND with 1008', async () => {
    relay = await Relay.start(TIGHT_BYTES);
    const pair = await twoPeopleDrawing(relay, ROOM);
    const mallory = await relay.raw(ROOM);
    const frame = bulkyStep1(15_000);
    expect(frame.byteLength).toBeGreaterThan(60_000);
    expect(frame.byteLength).toBeLessThan(65_536);
    // Five frames of 60 KB: far below the message limit, far above 128 KiB of saved-up bytes.
    for (let i = 0; i < 5; i++) mallory.ws.send(frame);
    expect((await closeOf(mallory)).code).toBe(CloseReason.rateLimited.code);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    await expect.poll(() => closedFor(relay!.server, CloseReason.rateLimited.label)).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('does not close a stock client drawing 30 strokes a second under the default limits', async () => {
    relay = await Relay.start();
    const { alice, bob } = await twoPeopleDrawing(relay, ROOM);
    await Promise.all([drawAtPace(alice, 30, 30), drawAtPace(bob, 30, 30)]);
    await waitFor(() => strokesOf(alice.doc).length === 70, 'alice sees all 70 strokes');
    await waitFor(() => strokesOf(bob.doc).length === 70, 'bob sees all 70 strokes');
    expect(alice.drops).toEqual([]);
    expect(bob.drops).toEqual([]);
    expect(await closedFor(relay!.server, CloseReason.rateLimited.label)).toBe(0);
  });
});
