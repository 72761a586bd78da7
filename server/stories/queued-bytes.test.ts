import { afterEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import {
  Relay,
  STROKES,
  closedFor,
  expectRoomStillServes,
  tcpSocketOf,
  twoPeopleDrawing,
  within,
  type Pair,
} from '../test-support/relay-harness.ts';

const ROOM = 'gallery';
const STROKE_BYTES = 256 * 1024;
/** Far beyond every limit below plus what loopback buffers absorb (about 4 MiB a socket). */
const GIVE_UP_AFTER_BYTES = 96 * 1024 * 1024;
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/** Sockets in the room that stop reading, like the 30 that pinned 330 MiB. */
async function stalledReaders(current: Relay, addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    const socket = await current.raw(ROOM, from(address));
    tcpSocketOf(socket.ws).pause();
  }
}

/**
 * Alice draws big strokes, each once Bob has the previous (so honest readers hold no backlog),
 * until a connection is closed for `label`. With 2 MiB budgets that took about 4.75 MiB of
 * strokes, loopback's socket buffers taking the first 4 MiB or so of each stalled socket.
 */
async function drawUntilClosedFor(
  current: Relay,
  { alice, bob }: Pair,
  label: string,
): Promise<void> {
  let drawn = 0;
  while ((await closedFor(current.server, label)) === 0) {
    expect(drawn, `bytes drawn with nobody closed for ${label}`).toBeLessThan(GIVE_UP_AFTER_BYTES);
    const received = new Promise<void>((resolve) => bob.doc.once('update', () => resolve()));
    alice.doc.getArray(STROKES).push([`big-${drawn}:${'q'.repeat(STROKE_BYTES)}`]);
    await within(received, 5000, 'bob receiving the stroke');
    drawn += STROKE_BYTES;
  }
}

describe('bytes queued for readers that never read', () => {
  it("are capped per address: that address's largest backlog is closed, not the honest readers", async () => {
    relay = await Relay.start({
      TRUST_PROXY: '127.0.0.1',
      // Each socket alone stays under its own cap of 16 MiB; together they may hold 2 MiB.
      MAX_BUFFERED_BYTES_PER_IP: String(2 * 1024 * 1024),
    });
    const pair = await twoPeopleDrawing(relay, ROOM);
    await stalledReaders(relay, ['203.0.113.9', '203.0.113.9', '203.0.113.9', '203.0.113.9']);

    await drawUntilClosedFor(relay, pair, CloseReason.addressBacklog.label);
    expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
    await expectRoomStillServes(relay, ROOM, pair);
  });

  it('are capped for the whole server: the largest backlogs anywhere are closed first', async () => {
    relay = await Relay.start({
      TRUST_PROXY: '127.0.0.1',
      MAX_TOTAL_BUFFERED_BYTES: String(2 * 1024 * 1024),
    });
    const pair = await twoPeopleDrawing(relay, ROOM);
    await stalledReaders(relay, ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']);

    await drawUntilClosedFor(relay, pair, CloseReason.serverBacklog.label);
    expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
    expect(await closedFor(relay.server, CloseReason.addressBacklog.label)).toBe(0);
    await expectRoomStillServes(relay, ROOM, pair);
  });
});
