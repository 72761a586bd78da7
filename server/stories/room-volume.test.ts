import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { waitFor } from '../test-support/clients.ts';
import type { RawSocket } from '../test-support/raw-socket.ts';
import {
  Relay,
  STROKES,
  closedFor,
  expectRoomStillServes,
  tcpSocketOf,
  twoPeopleDrawing,
  within,
} from '../test-support/relay-harness.ts';

const ROOM = 'studio';
const PAYLOAD = 64 * 1024;
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/** One valid update of about `bytes`, new content every time: the room stores and relays it. */
function bulkyUpdate(bytes: number, tag: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray('strokes').push([`${tag}:${'v'.repeat(bytes)}`]);
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
}

/** Sends an update tagged `tag`; resolves once the server echoes it, or has closed the writer. */
async function sendAndAwaitEcho(writer: RawSocket, tag: string, bytes: number): Promise<void> {
  if (writer.ws.readyState !== writer.ws.OPEN) return;
  const seen = writer.received.length;
  writer.ws.send(bulkyUpdate(bytes, tag));
  const needle = Buffer.from(`${tag}:`);
  const echoed = () =>
    writer.received.slice(seen).some((frame) => Buffer.from(frame).includes(needle));
  await Promise.race([waitFor(echoed, `the echo of ${tag}`), writer.closed]);
}

describe('heavy writers in a room', () => {
  it('are closed with 1008 (room_volume) while the honest pair keeps its sockets', async () => {
    relay = await Relay.start({
      TRUST_PROXY: '127.0.0.1',
      MAX_PAYLOAD_BYTES: String(PAYLOAD),
      // Each writer stays inside its own limits, and each comes from its own address.
      RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
      RATE_LIMIT_BURST: '100000',
      // What a reader may have queued (besides its newest message) before it counts as slow.
      MAX_BUFFERED_BYTES: String(1024 * 1024),
      ROOM_RATE_LIMIT_BYTES_PER_SECOND: '16384',
    });
    const pair = await twoPeopleDrawing(relay, ROOM);
    // Bob looks away for a moment (a busy tab, a slow link): his socket is not read meanwhile.
    // y-websocket types its socket as the DOM WebSocket; under the ws polyfill it is a ws one.
    const bobSocket = tcpSocketOf(pair.bob.provider.ws as unknown as WebSocket);
    bobSocket.pause();

    const writers: RawSocket[] = [];
    for (let i = 0; i < 5; i++) writers.push(await relay.raw(ROOM, from(`198.51.100.${i + 1}`)));
    // About 9 MB together: without a room budget, far more than Bob may fall behind by (1 MiB
    // plus what loopback's buffers absorb, about 4 MiB). Each writer sends its next update once
    // the server has echoed its last, which keeps it inside its own byte rate.
    for (let round = 0; round < 30; round++) {
      await Promise.all(
        writers.map((writer, i) => sendAndAwaitEcho(writer, `w${i}-${round}`, PAYLOAD - 1024)),
      );
    }
    const closes = await within(
      Promise.all(writers.map((writer) => writer.closed)),
      20_000,
      'every heavy writer closed',
    );
    expect(closes.map((close) => close.code)).toEqual(Array(5).fill(1008));
    await expect.poll(() => closedFor(relay!.server, CloseReason.roomVolume.label)).toBe(5);

    bobSocket.resume();
    await expectRoomStillServes(relay, ROOM, pair);
    expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
  });

  it('many light ones are closed with 1008 (room_volume) while the honest pair keep drawing', async () => {
    const payload = 32 * 1024;
    relay = await Relay.start({
      TRUST_PROXY: '127.0.0.1',
      // A writer is heavy on its own from 32 KiB of recent bytes: none of these ever is.
      MAX_PAYLOAD_BYTES: String(payload),
      RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
      RATE_LIMIT_BURST: '100000',
      // 40 KiB within the 10 s window: 4 KiB a sender among ten, 13.6 KiB among three.
      ROOM_RATE_LIMIT_BYTES_PER_SECOND: '4096',
    });
    const pair = await twoPeopleDrawing(relay, ROOM);
    const writers: RawSocket[] = [];
    for (let i = 0; i < 8; i++) writers.push(await relay.raw(ROOM, from(`198.51.100.${i + 1}`)));
    // 28 updates of 1 KB each: every writer stays under 32 KiB sent, the eight together send
    // 224 KiB, three and a half times what the room may take at once (64 KiB).
    for (let round = 0; round < 28; round++) {
      pair.alice.doc.getArray(STROKES).push([`alice-${round}`]);
      await Promise.all(
        writers.map((writer, i) => sendAndAwaitEcho(writer, `l${i}-${round}`, 1000)),
      );
    }
    const closes = await within(
      Promise.all(writers.map((writer) => writer.closed)),
      20_000,
      'every light writer closed',
    );
    expect(closes.map((close) => close.code)).toEqual(Array(8).fill(1008));
    await expect.poll(() => closedFor(relay!.server, CloseReason.roomVolume.label)).toBe(8);

    const strokes = await expectRoomStillServes(relay, ROOM, pair);
    expect(strokes.filter((stroke) => String(stroke).startsWith('alice-'))).toHaveLength(28);
    expect(await closedFor(relay.server, CloseReason.slowReader.label)).toBe(0);
  });

  it('from one address share its budget: the heaviest is closed with 1008 (address_volume)', async () => {
    relay = await Relay.start({
      MAX_PAYLOAD_BYTES: String(PAYLOAD),
      RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
      RATE_LIMIT_BURST: '100000',
      IP_RATE_LIMIT_BYTES_PER_SECOND: '16384',
    });
    const writers = [await relay.raw('one'), await relay.raw('two')];
    for (let round = 0; round < 10; round++) {
      for (const [i, writer] of writers.entries()) {
        if (writer.ws.readyState === writer.ws.OPEN) {
          writer.ws.send(bulkyUpdate(PAYLOAD - 1024, `a${i}-${round}`));
        }
      }
    }
    await expect
      .poll(() => closedFor(relay!.server, CloseReason.addressVolume.label))
      .toBeGreaterThanOrEqual(1);
    await waitFor(() => relay!.server.connectionCount() < 2, 'a heavy writer closed');
  });
});
