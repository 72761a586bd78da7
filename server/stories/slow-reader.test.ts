import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
  tcpSocketOf,
  twoPeopleDrawing,
  within,
  type Pair,
} from '../test-support/relay-harness.ts';

const ROOM = 'mural';
const STROKE_BYTES = 32 * 1024;
/** Far beyond what loopback socket buffers absorb; reaching it means the reader was never closed. */
const GIVE_UP_AFTER_BYTES = 64 * 1024 * 1024;

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

async function syncFramesSent(current: Relay): Promise<number> {
  const samples = (await current.server.metrics.messagesOut.get()).values;
  return samples.find((sample) => sample.labels.type === 'sync')?.value ?? 0;
}

/** Resolves when `doc` next changes, so the writer paces itself on the reader instead of on a clock. */
const nextUpdate = (doc: Y.Doc): Promise<void> =>
  new Promise((resolve) => doc.once('update', () => resolve()));

/**
 * Alice draws big strokes one at a time, each once Bob has the previous, until the server gives
 * up on a third socket that stopped reading: from then on each stroke goes to two sockets, not
 * three. Returns how many strokes that took (about 4 MiB of them on Linux loopback).
 */
async function drawUntilStalledReaderIsDropped(
  current: Relay,
  { alice, bob }: Pair,
): Promise<number> {
  let strokes = 0;
  for (;;) {
    const before = await syncFramesSent(current);
    const received = nextUpdate(bob.doc);
    alice.doc.getArray(STROKES).push([`big-${strokes++}:${'s'.repeat(STROKE_BYTES)}`]);
    await within(received, 5000, `bob receiving stroke ${strokes}`);
    if ((await syncFramesSent(current)) - before === 2) return strokes;
    expect(
      strokes * STROKE_BYTES,
      'bytes drawn before the stalled reader was dropped',
    ).toBeLessThan(GIVE_UP_AFTER_BYTES);
  }
}

describe('a reader that stops reading', () => {
  it('is closed with 1013 while the writer and a healthy reader get every stroke', async () => {
    relay = await Relay.start({ MAX_BUFFERED_BYTES: String(64 * 1024) });
    const pair = await twoPeopleDrawing(relay, ROOM);
    const stalled = await relay.raw(ROOM);
    tcpSocketOf(stalled.ws).pause();

    const drawn = await drawUntilStalledReaderIsDropped(relay, pair);
    // The close frame waits behind everything queued; reading again lets it through.
    tcpSocketOf(stalled.ws).resume();
    expect((await closeOf(stalled, 10_000)).code).toBe(CloseReason.slowReader.code);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    expect(strokes).toHaveLength(10 + drawn + 2);
    expect(strokesOf(pair.bob.doc)).toEqual(strokes);
    await expect.poll(() => closedFor(relay!.server, CloseReason.slowReader.label)).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });

  it('frees its seat even if it never reads again', async () => {
    relay = await Relay.start({ MAX_BUFFERED_BYTES: String(64 * 1024), HEARTBEAT_MS: '200' });
    const pair = await twoPeopleDrawing(relay, ROOM);
    const stalled = await relay.raw(ROOM);
    tcpSocketOf(stalled.ws).pause();

    await drawUntilStalledReaderIsDropped(relay, pair);
    // No close frame ever comes back, so ws's 30 s close timeout would hold the seat; the heartbeat
    // cuts it sooner. It may even cut it before the buffer fills, since pings go unread too.
    await waitFor(() => relay!.server.connectionCount() === 2, 'the stalled socket released', 5000);
    const slow = await closedFor(relay!.server, CloseReason.slowReader.label);
    const silent = await closedFor(relay!.server, 'heartbeat_timeout');
    expect(slow + silent).toBe(1);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });
  it('is told apart from a newcomer still taking in its first copy of a big room', async () => {
    relay = await Relay.start({ MAX_BUFFERED_BYTES: String(64 * 1024) });
    const pair = await twoPeopleDrawing(relay, ROOM);
    // About 8 MiB: more than loopback's socket buffers hold (about 4 MiB, see above).
    for (let batch = 0; batch < 8; batch++) {
      pair.alice.doc.transact(() => {
        for (let i = 0; i < 32; i++) {
          pair.alice.doc.getArray(STROKES).push([`big-${batch}-${i}:${'s'.repeat(STROKE_BYTES)}`]);
        }
      });
      await waitFor(() => strokesOf(pair.bob.doc).length === 10 + 32 * (batch + 1), 'bob has it');
    }
    // A newcomer that asks for the whole room and does not read yet: the answer piles up.
    const newcomer = await relay.raw(ROOM);
    tcpSocketOf(newcomer.ws).pause();
    newcomer.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await new Promise((resolve) => setTimeout(resolve, 300));
    tcpSocketOf(newcomer.ws).resume();

    const answered = () => newcomer.received.some((frame) => frame.byteLength > 8 * 1024 * 1024);
    await waitFor(answered, 'the newcomer has the whole room', 10_000);
    expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
    expect(relay.server.connectionCount()).toBe(3);
  });
});
