import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import type { DocStore, LogPosition, StoreHealth, StoredRoom } from '../storage/doc-store.ts';
import { LevelStore } from '../storage/level-store.ts';
import { synced, waitFor } from '../test-support/clients.ts';
import {
  Relay,
  closeOf,
  closedFor,
  expectRoomStillServes,
  expectStoredAcrossReloads,
  strokesOf,
  twoPeopleDrawing,
} from '../test-support/relay-harness.ts';
import { removeDir } from '../test-support/server.ts';

const ROOM = 'vault';
const MAX_BUFFERED = 64 * 1024;

/** LevelDB whose loads can be held at a gate, so a test decides exactly how long a room is loading. */
class GatedStore implements DocStore {
  readonly #inner: LevelStore;
  #gate: Promise<void> | null = null;
  #open: () => void = () => undefined;

  constructor(inner: LevelStore) {
    this.#inner = inner;
  }

  holdLoads(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  releaseLoads(): void {
    this.#gate = null;
    this.#open();
  }

  get health(): StoreHealth {
    return this.#inner.health;
  }

  async load(room: string): Promise<StoredRoom> {
    await this.#gate;
    return this.#inner.load(room);
  }

  exists(room: string): Promise<boolean> {
    return this.#inner.exists(room);
  }

  append(room: string, updates: readonly Uint8Array[]): Promise<LogPosition> {
    return this.#inner.append(room, updates);
  }

  compact(room: string, snapshot: Uint8Array, end: LogPosition): Promise<void> {
    return this.#inner.compact(room, snapshot, end);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/** A valid update of about `bytes` bytes: what queues up is decoded first, so it must be well-formed. */
function bigUpdate(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'n'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc);
}

let levelDir: string;
let store: GatedStore;
let relay: Relay;
beforeEach(async () => {
  levelDir = await mkdtemp(join(tmpdir(), 'wb-gated-'));
  store = new GatedStore(await LevelStore.open(levelDir));
  relay = await Relay.start({ MAX_BUFFERED_BYTES: String(MAX_BUFFERED) }, store);
});
afterEach(async () => {
  store.releaseLoads();
  await relay.stop();
  await removeDir(levelDir);
});

describe('a client that sends more than MAX_BUFFERED_BYTES while its room loads', () => {
  it('is closed with 1013; the others get the stored room once it has loaded', async () => {
    await twoPeopleDrawing(relay, ROOM);
    await relay.leaveAll();

    store.holdLoads();
    const alice = relay.join(ROOM, 'alice');
    const bob = relay.join(ROOM, 'bob');
    const mallory = await relay.raw(ROOM);
    const frame = encodeSyncUpdate(bigUpdate(8 * 1024));
    for (let sent = 0; sent <= MAX_BUFFERED; sent += frame.byteLength) mallory.ws.send(frame);
    expect((await closeOf(mallory)).code).toBe(CloseReason.loadBacklog.code);
    expect(
      alice.provider.synced || bob.provider.synced,
      'nobody answered from a half-loaded room',
    ).toBe(false);

    store.releaseLoads();
    await waitFor(synced(alice), 'alice synced');
    await waitFor(synced(bob), 'bob synced');
    expect(strokesOf(alice.doc)).toHaveLength(10);
    // Nothing Mallory queued reached the room.
    expect(alice.doc.getText('notes').length).toBe(0);

    const strokes = await expectRoomStillServes(relay, ROOM, { alice, bob });
    await expect.poll(() => closedFor(relay.server, CloseReason.loadBacklog.label)).toBe(1);
    await expectStoredAcrossReloads(relay, ROOM, strokes);
  });
});
