import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreUnavailableError, type DocStore } from './doc-store.ts';

export interface StoreHarness {
  /** A fresh, empty store. */
  create(): Promise<DocStore>;
  /** The same data, reopened after `store` was closed (a restart); null where data does not outlive the process. */
  reopen(store: DocStore): Promise<DocStore | null>;
  cleanup(): Promise<void>;
}

const bytes = (...values: number[]) => new Uint8Array(values);
/** Byte contents only: a store may hand back Buffers (a Uint8Array subclass). */
const plain = (updates: readonly Uint8Array[]) => updates.map((update) => Array.from(update));

function textUpdates(count: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String(i % 10));
  return { updates, text: doc.getText('t').toString() };
}

function replay(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

/** The behaviour every DocStore must have; run against each implementation. */
export function describeDocStore(name: string, harness: () => StoreHarness): void {
  describe(`${name} (DocStore contract)`, () => {
    let h: StoreHarness;
    let store: DocStore;
    beforeEach(async () => {
      h = harness();
      store = await h.create();
    });
    afterEach(async () => {
      if (store.health !== 'closed') await store.close();
      await h.cleanup();
    });

    it('loads an unknown room as empty', async () => {
      expect(await store.load('nobody-here')).toEqual({
        updates: [],
        nextSeq: 0,
        snapshotBytes: 0,
        tailCount: 0,
        tailBytes: 0,
      });
      expect(store.health).toBe('open');
    });

    it('tells whether a room holds anything, from its log or its snapshot', async () => {
      expect(await store.exists('r')).toBe(false);
      await store.append('r', 0, [bytes(1)]);
      expect(await store.exists('r')).toBe(true);
      // Names that extend a stored one hold nothing of it.
      expect(await store.exists('r-b')).toBe(false);
      const { updates } = textUpdates(3);
      await store.append('doc', 0, updates);
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      await store.compact('doc', Y.encodeStateAsUpdate(doc), updates.length);
      expect((await store.load('doc')).tailCount).toBe(0);
      expect(await store.exists('doc')).toBe(true);
      // Asking stores nothing: the room is still unknown.
      expect(await store.exists('nobody-here')).toBe(false);
      expect(await store.load('nobody-here')).toMatchObject({ updates: [], nextSeq: 0 });
    });

    it('returns appended updates in order with the next sequence number', async () => {
      await store.append('r', 0, [bytes(1), bytes(2, 2)]);
      await store.append('r', 2, [bytes(3)]);
      const loaded = await store.load('r');
      expect(plain(loaded.updates)).toEqual(plain([bytes(1), bytes(2, 2), bytes(3)]));
      expect(loaded.nextSeq).toBe(3);
      expect(loaded.tailCount).toBe(3);
      expect(loaded.tailBytes).toBe(4);
    });

    it('keeps sequence order past 16 and 256 entries (key order is numeric)', async () => {
      const many = Array.from({ length: 300 }, (_, i) => bytes(i & 0xff, i >> 8));
      for (let i = 0; i < many.length; i += 7) await store.append('r', i, many.slice(i, i + 7));
      expect(plain((await store.load('r')).updates)).toEqual(plain(many));
    });

    it('keeps rooms apart, including names that prefix each other', async () => {
      await store.append('a', 0, [bytes(1)]);
      await store.append('a-b', 0, [bytes(2)]);
      await store.append('ab', 0, [bytes(3)]);
      expect(plain((await store.load('a')).updates)).toEqual(plain([bytes(1)]));
      expect(plain((await store.load('a-b')).updates)).toEqual(plain([bytes(2)]));
      expect(plain((await store.load('ab')).updates)).toEqual(plain([bytes(3)]));
    });

    it('stores appends that many rooms make in the same moment, each in its own order', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, room) =>
          Promise.all([
            store.append(`room-${room}`, 0, [bytes(room, 0)]),
            store.append(`room-${room}`, 1, [bytes(room, 1), bytes(room, 2)]),
          ]),
        ),
      );
      for (let room = 0; room < 20; room++) {
        const loaded = await store.load(`room-${room}`);
        expect(plain(loaded.updates)).toEqual(
          plain([bytes(room, 0), bytes(room, 1), bytes(room, 2)]),
        );
      }
    });

    it('compacts the log into a snapshot that loads to the same document', async () => {
      const { updates, text } = textUpdates(120);
      await store.append('doc', 0, updates);
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      const snapshot = Y.encodeStateAsUpdate(doc);
      await store.compact('doc', snapshot, updates.length);
      const loaded = await store.load('doc');
      expect(loaded.updates).toHaveLength(1);
      expect(loaded.snapshotBytes).toBe(snapshot.byteLength);
      expect(loaded.tailCount).toBe(0);
      expect(loaded.nextSeq).toBe(updates.length);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('keeps updates appended after the compaction point', async () => {
      const { updates, text } = textUpdates(30);
      await store.append('doc', 0, updates.slice(0, 20));
      const doc = new Y.Doc();
      for (const update of updates.slice(0, 20)) Y.applyUpdate(doc, update);
      const snapshot = Y.encodeStateAsUpdate(doc);
      // An append lands while the compaction of the first 20 is under way.
      await Promise.all([
        store.compact('doc', snapshot, 20),
        store.append('doc', 20, updates.slice(20)),
      ]);
      const loaded = await store.load('doc');
      expect(loaded.nextSeq).toBe(30);
      expect(loaded.tailCount).toBe(10);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('keeps what it stored across a restart', async () => {
      const { updates, text } = textUpdates(10);
      await store.append('doc', 0, updates);
      const reopened = await h.reopen(store);
      if (!reopened) return;
      store = reopened;
      const loaded = await store.load('doc');
      expect(replay(loaded.updates)).toBe(text);
      expect(loaded.nextSeq).toBe(10);
    });

    it('refuses a compaction that would hide entries, and keeps everything it held', async () => {
      const { updates, text } = textUpdates(30);
      await store.append('doc', 0, updates.slice(0, 20));
      const doc = new Y.Doc();
      for (const update of updates.slice(0, 20)) Y.applyUpdate(doc, update);
      // Past the end of the log: entries later appended as 20…24 would be skipped on load.
      await expect(store.compact('doc', Y.encodeStateAsUpdate(doc), 25)).rejects.toThrow(
        RangeError,
      );
      await store.compact('doc', Y.encodeStateAsUpdate(doc), 20);
      await store.append('doc', 20, updates.slice(20));
      // Behind the stored snapshot: an older state would replace a newer one.
      await expect(store.compact('doc', bytes(0, 0), 10)).rejects.toThrow(RangeError);
      const loaded = await store.load('doc');
      expect(loaded.nextSeq).toBe(30);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('rejects reads and writes once closed instead of answering with an empty room', async () => {
      await store.append('doc', 0, [bytes(1)]);
      await store.close();
      expect(store.health).toBe('closed');
      await expect(store.load('doc')).rejects.toThrow(StoreUnavailableError);
      await expect(store.exists('doc')).rejects.toThrow(StoreUnavailableError);
      await expect(store.append('doc', 1, [bytes(2)])).rejects.toThrow(StoreUnavailableError);
      await expect(store.compact('doc', bytes(0, 0), 1)).rejects.toThrow(StoreUnavailableError);
    });
  });
}
