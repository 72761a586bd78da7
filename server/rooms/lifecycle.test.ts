import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseReason } from '../protocol/close-reasons.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { THROWS_WHEN_APPLIED } from '../test-support/poison-updates.ts';
import { RoomHarness } from '../test-support/room-harness.ts';

let room: RoomHarness | undefined;
afterEach(async () => {
  await room?.close();
  room = undefined;
});

async function open(
  name: string,
  env: Record<string, string> = {},
): Promise<{ room: RoomHarness; store: InstrumentedStore }> {
  const store = new InstrumentedStore(new MemoryStore());
  room = await RoomHarness.load(name, { env, store });
  return { room, store };
}

describe('room lifecycle', () => {
  it('says it is empty once its last peer leaves, and unloads into one snapshot', async () => {
    const { room, store } = await open('brief');
    const a = await room.joinSynced('a');
    const b = await room.joinSynced('b');
    for (let i = 0; i < 30; i++) a.doc.getMap('m').set(`k${i}`, i);
    await room.settle();
    expect(b.doc.getMap('m').size).toBe(30);
    a.leave();
    expect(room.emptied, 'b is still in the room').toBe(0);
    b.leave();
    expect(room.emptied).toBe(1);
    await room.room.unload();
    const stored = await store.load('brief');
    expect(stored.tailCount).toBe(0);
    expect(stored.updates).toHaveLength(1);
  });

  it('compacts the update log in the background once it passes the configured count', async () => {
    const { room, store } = await open('long', { COMPACT_AFTER_UPDATES: '50' });
    const a = await room.joinSynced('a');
    const b = await room.joinSynced('b');
    // Three rounds of 60: each round's writes push the log past 50 and trigger a compaction.
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 60; i++) a.doc.getArray('x').push([i]);
      await room.settle();
      expect(b.doc.getArray('x')).toHaveLength(60 * round);
      expect(store.calls.compact, `compaction ${round}`).toBeGreaterThanOrEqual(round);
    }
    const stored = await store.load('long');
    expect(stored.tailCount).toBeLessThan(50);
    const fresh = await room.joinSynced('fresh');
    expect(fresh.doc.getArray('x')).toHaveLength(180);
  });
});

describe('storage failures', () => {
  it('drops the room when a write fails; clients reconnect and their edit is stored, not lost', async () => {
    const { room, store } = await open('disk-full');
    const a = await room.joinSynced('a');
    const b = await room.joinSynced('b');
    store.failAppends = 1;
    a.doc.getText('t').insert(0, 'survives');
    await room.settle();
    expect(a.peer.closedWith).toBe(CloseReason.storageFailed);
    expect(b.peer.closedWith).toBe(CloseReason.storageFailed);
    expect(room.room.state).toBe('failed');
    expect(room.emptied).toBe(1);
    // The room relayed nothing it could not store...
    expect(b.doc.getText('t').toString()).toBe('');
    // ...and once the clients reconnect to a fresh load, sync delivers the edit again and it is stored.
    await room.loadAgain();
    room.join('a', { doc: a.doc, awareness: a.awareness });
    room.join('b', { doc: b.doc, awareness: b.awareness });
    await room.settle();
    expect(b.doc.getText('t').toString()).toBe('survives');
    const d = await room.joinSynced('d');
    expect(d.doc.getText('t').toString()).toBe('survives');
  });

  it('finishes writes in flight before closing on shutdown', async () => {
    const { room, store } = await open('slow-disk');
    const a = await room.joinSynced('a');
    store.appendDelayMs = 300;
    for (let i = 0; i < 20; i++) a.doc.getArray('x').push([i]);
    a.flushToRoom();
    await Promise.resolve(); // the write starts once the frames that brought it are handled
    expect(store.calls.append).toBe(1);
    await room.room.unload(CloseReason.goingAway);
    expect(a.peer.closedWith).toBe(CloseReason.goingAway);
    const stored = await store.load('slow-disk');
    const doc = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(doc.getArray('x').length, 'all 20 updates stored').toBe(20);
  });
});

describe('a log entry that cannot be applied', () => {
  it('is skipped with an error instead of locking everyone out of the room', async () => {
    const { room, store } = await open('scarred');
    const a = await room.joinSynced('a');
    a.doc.getText('t').insert(0, 'good work');
    await room.settle();
    await room.reload();
    // Bytes that parse but make Y.applyUpdate throw, written straight into the log, as a Yjs
    // bug or a damaged disk might have left them.
    await store.append('scarred', [THROWS_WHEN_APPLIED]);
    await room.loadAgain();

    const c = await room.joinSynced('c');
    expect(c.doc.getText('t').toString()).toBe('good work');
    const metrics = await room.metrics.render();
    expect(metrics).toMatch(/relay_errors_total\{kind="stored_update_skipped"\} 1/);
  });
});
