/**
 * The room's half of the frame-once rule: what it sends to several peers is one SharedFrames,
 * handed to each of them, so the transport frames it once (see shared-frames.ts). Peers here are
 * in memory and record what they are handed.
 */
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FULL_ACCESS } from '../access/access.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { decodeClientMessage, encodeSyncStep1, encodeSyncUpdate } from '../protocol/messages.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';
import type { Peer } from './peer.ts';
import type { Room } from './room.ts';
import { RoomRegistry } from './room-registry.ts';
import type { SharedFrames } from './shared-frames.ts';

class RecordingPeer implements Peer {
  static #next = 1;
  readonly id = RecordingPeer.#next++;
  readonly access = FULL_ACCESS;
  readonly identity = null;
  readonly sent: SharedFrames[] = [];
  send(frames: SharedFrames): void {
    this.sent.push(frames);
  }
  close(): void {
    throw new Error('not closed in these stories');
  }
}

let registry: RoomRegistry | undefined;
afterEach(async () => {
  await registry?.closeAll();
  registry = undefined;
});

async function roomWith(count: number): Promise<{ room: Room; peers: RecordingPeer[] }> {
  const config = loadConfig({ DATA_DIR: '/nonexistent' });
  registry = new RoomRegistry({
    ...config,
    store: new MemoryStore(),
    authors: new MemoryAuthorStore(),
    logger: silentLogger,
    metrics: new Metrics({ processMetrics: false }),
  });
  const peers = Array.from({ length: count }, () => new RecordingPeer());
  let room: Room | undefined;
  for (const peer of peers) room = await registry.join('studio', peer);
  return { room: room!, peers };
}

const receive = (room: Room, peer: Peer, frame: Uint8Array): void =>
  room.receive(peer, decodeClientMessage(frame));

it('hands every peer the same SharedFrames for a stored update', async () => {
  const { room, peers } = await roomWith(3);
  const doc = new Y.Doc();
  doc.getArray('strokes').push(['shared']);
  const before = peers.map((peer) => peer.sent.length);
  receive(room, peers[0]!, encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
  await room.drainWrites();
  const broadcasts = peers.map((peer, index) => peer.sent.slice(before[index]));
  expect(broadcasts.map((sent) => sent.length)).toEqual([1, 1, 1]);
  const [first] = broadcasts[0]!;
  for (const [frames] of broadcasts) expect(frames).toBe(first);
  expect(first!.kind).toBe('sync');
});

it('hands every peer the same SharedFrames for a presence change', async () => {
  const { room, peers } = await roomWith(3);
  const before = peers.map((peer) => peer.sent.length);
  receive(room, peers[1]!, awarenessFrame([[7, JSON.stringify({ name: 'ann' })]]));
  await expect.poll(() => peers.every((peer, i) => peer.sent.length > before[i]!)).toBe(true);
  const sent = peers.map((peer, index) => peer.sent.slice(before[index]));
  for (const [frames] of sent) expect(frames).toBe(sent[0]![0]);
  expect(sent[0]![0]!.kind).toBe('awareness');
});

it('answers newcomers with the same SharedFrames while the room stays the same', async () => {
  const { room, peers } = await roomWith(2);
  const empty = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
  receive(room, peers[0]!, empty);
  receive(room, peers[1]!, empty);
  expect(peers[0]!.sent.at(-1)).toBe(peers[1]!.sent.at(-1));
});
