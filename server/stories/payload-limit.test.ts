import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { waitFor } from '../test-support/clients.ts';
import {
  Relay,
  closeOf,
  closedFor,
  expectRoomStillServes,
  expectStoredAcrossReloads,
  twoPeopleDrawing,
} from '../test-support/relay-harness.ts';

const ROOM = 'poster';
const MAX_PAYLOAD = 64 * 1024;

let relay: Relay;
beforeEach(async () => {
  relay = await Relay.start({ MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD) });
});
afterEach(async () => {
  await relay.stop();
});

describe('a frame above MAX_PAYLOAD_BYTES', () => {
  it('closes only its sender with 1009; a large update within the limit still syncs', async () => {
    const pair = await twoPeopleDrawing(relay, ROOM);
    // Just under the limit, from the stock client: the frame is the text plus a few header bytes.
    const big = 'x'.repeat(MAX_PAYLOAD - 200);
    pair.alice.doc.getText('caption').insert(0, big);
    await waitFor(
      () => pair.bob.doc.getText('caption').length === big.length,
      'bob gets the big caption',
    );

    const mallory = await relay.raw(ROOM);
    mallory.ws.send(encodeSyncUpdate(new Uint8Array(MAX_PAYLOAD + 1)));
    expect((await closeOf(mallory)).code).toBe(CloseReason.tooLarge.code);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    await expect.poll(() => closedFor(relay.server, CloseReason.tooLarge.label)).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('is refused even when split into continuation fragments', async () => {
    const pair = await twoPeopleDrawing(relay, ROOM);
    const mallory = await relay.raw(ROOM);
    const half = new Uint8Array(MAX_PAYLOAD / 2 + 1);
    // ws sends these as one message in three fragments: the limit is on the message, not the frame.
    mallory.ws.send(half, { binary: true, fin: false });
    mallory.ws.send(half, { binary: true, fin: false });
    mallory.ws.send(half, { binary: true, fin: true });
    expect((await closeOf(mallory)).code).toBe(CloseReason.tooLarge.code);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    await expect.poll(() => closedFor(relay.server, CloseReason.tooLarge.label)).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });
});
