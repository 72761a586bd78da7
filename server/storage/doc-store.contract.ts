import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreUnavailableError, type DocStore } from './doc-store.ts';

export interface StoreHarness {
  /** A fresh, empty store. */
  create(): Promise<DocStore>;
  /** The same data, reopened after `store` was closed (a restart); null where data does not outlive the process. */
  reopen(store: DocStore): Promise<DocStore | null>;
  /**
   * A second writer of the same data while `store` is open: another handle where the store can
   * have several, else `store` itself (LevelDB admits one process per folder, so every room
   * instance of that process writes through one store).
   */
  anotherWriter(store: DocStore): DocStore;
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
        end: 0,
        snapshotBytes: 0,
        tailCount: 0,
        tailBytes: 0,
      });
      expect(store.health).toBe('open');
    });

    it('tells whether a room holds anything, from its log or its snapshot', async () => {
      expect(await store.exists('r')).toBe(false);
      await store.append('r', [bytes(1)]);
      expect(await store.exists('r')).toBe(true);
      // Names that extend a stored one hold nothing of it.
      expect(await store.exists('r-b')).toBe(false);
      const { updates } = textUpdates(3);
      const end = await store.append('doc', updates);
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      await store.compact('doc', Y.encodeStateAsUpdate(doc), end);
      expect((await store.load('doc')).tailCount).toBe(0);
      expect(await store.exists('doc')).toBe(true);
      // Asking stores nothing: the room is still unknown.
      expect(await store.exists('nobody-here')).toBe(false);
      expect(await store.load('nobody-here')).toMatchObject({ updates: [], end: 0 });
    });

    it('returns appended updates in order, and positions that only grow', async () => {
      const first = await store.append('r', [bytes(1), bytes(2, 2)]);
      const second = await store.append('r', [bytes(3)]);
      expect(second).toBeGreaterThan(first);
      const loaded = await store.load('r');
      expect(plain(loaded.updates)).toEqual(plain([bytes(1), bytes(2, 2), bytes(3)]));
      expect(loaded.end).toBe(second);
      expect(loaded.tailCount).toBe(3);
      expect(loaded.tailBytes).toBe(4);
    });

    it('keeps append order past 16 and 256 entries (key order is numeric)', async () => {
      const many = Array.from({ length: 300 }, (_, i) => bytes(i & 0xff, i >> 8));
      for (let i = 0; i < many.length; i += 7) await store.append('r', many.slice(i, i + 7));
      expect(plain((await store.load('r')).updates)).toEqual(plain(many));
    });

    it('keeps rooms apart, including names that prefix each other', async () => {
      await store.append('a', [bytes(1)]);
      await store.append('a-b', [bytes(2)]);
      await store.append('ab', [bytes(3)]);
      expect(plain((await store.load('a')).updates)).toEqual(plain([bytes(1)]));
      expect(plain((await store.load('a-b')).updates)).toEqual(plain([bytes(2)]));
      expect(plain((await store.load('ab')).updates)).toEqual(plain([bytes(3)]));
    });

    it('stores appends that many rooms make in the same moment, each in its own order', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, room) =>
          Promise.all([
            store.append(`room-${room}`, [bytes(room, 0)]),
            store.append(`room-${room}`, [bytes(room, 1), bytes(room, 2)]),
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
      const end = await store.append('doc', updates);
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      const snapshot = Y.encodeStateAsUpdate(doc);
      await store.compact('doc', snapshot, end);
      const loaded = await store.load('doc');
      expect(loaded.updates).toHaveLength(1);
      expect(loaded.snapshotBytes).toBe(snapshot.byteLength);
      expect(loaded.tailCount).toBe(0);
      expect(loaded.end).toBe(end);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('keeps updates appended after the compaction point', async () => {
      const { updates, text } = textUpdates(30);
      const folded = await store.append('doc', updates.slice(0, 20));
      const doc = new Y.Doc();
      for (const update of updates.slice(0, 20)) Y.applyUpdate(doc, update);
      const snapshot = Y.encodeStateAsUpdate(doc);
      // An append lands while the compaction of the first 20 is under way.
      const [, end] = await Promise.all([
        store.compact('doc', snapshot, folded),
        store.append('doc', updates.slice(20)),
      ]);
      const loaded = await store.load('doc');
      expect(loaded.end).toBe(end);
      expect(loaded.tailCount).toBe(10);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('stores two writers appending to one room at once, losing nothing, in one order', async () => {
      const other = h.anotherWriter(store);
      const { updates, text } = textUpdates(60);
      // Each writer appends its own half, interleaved call by call, as two room instances would.
      const ends = await Promise.all(
        updates.map((update, i) => (i % 2 === 0 ? store : other).append('doc', [update])),
      );
      expect(new Set(ends).size, 'no two appends share a position').toBe(updates.length);
      const loaded = await store.load('doc');
      expect(loaded.tailCount).toBe(updates.length);
      // The store's order: the order of the positions it gave back. Through one handle that is
      // the order of the calls; across connections to a server, whichever arrived first.
      const positioned = updates
        .map((update, i) => ({ update, end: ends[i]! }))
        .sort((a, b) => a.end - b.end)
        .map(({ update }) => update);
      expect(plain(loaded.updates), 'in the order of their positions').toEqual(plain(positioned));
      expect(plain((await other.load('doc')).updates), 'the same for both').toEqual(
        plain(loaded.updates),
      );
      expect(replay(loaded.updates)).toBe(text);
    });

    it('keeps what another writer appends after the position a compaction folds up to', async () => {
      const other = h.anotherWriter(store);
      const { updates, text } = textUpdates(40);
      const folded = await store.append('doc', updates.slice(0, 10));
      await other.append('doc', updates.slice(10, 20));
      const doc = new Y.Doc();
      for (const update of updates.slice(0, 10)) Y.applyUpdate(doc, update);
      // The first writer folds what it holds while the other goes on appending.
      await Promise.all([
        store.compact('doc', Y.encodeStateAsUpdate(doc), folded),
        other.append('doc', updates.slice(20, 30)),
        store.append('doc', updates.slice(30)),
      ]);
      const loaded = await other.load('doc');
      expect(loaded.tailCount).toBe(30);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('keeps what it stored across a restart, and goes on past it', async () => {
      const { updates, text } = textUpdates(10);
      const end = await store.append('doc', updates);
      const reopened = await h.reopen(store);
      if (!reopened) return;
      store = reopened;
      const loaded = await store.load('doc');
      expect(replay(loaded.updates)).toBe(text);
      expect(loaded.end).toBe(end);
      // Positions order one room's log: a store may number each room on its own (Redis does).
      expect(await store.append('doc', [bytes(1)])).toBeGreaterThan(end);
    });

    it('refuses a compaction that would hide entries, and keeps everything it held', async () => {
      const { updates, text } = textUpdates(30);
      const folded = await store.append('doc', updates.slice(0, 20));
      const doc = new Y.Doc();
      for (const update of updates.slice(0, 20)) Y.applyUpdate(doc, update);
      // Past the positions given: entries appended later would land behind the snapshot.
      await expect(store.compact('doc', Y.encodeStateAsUpdate(doc), folded + 5)).rejects.toThrow(
        RangeError,
      );
      await store.compact('doc', Y.encodeStateAsUpdate(doc), folded);
      const end = await store.append('doc', updates.slice(20));
      // Behind the stored snapshot: an older state would replace a newer one.
      await expect(store.compact('doc', bytes(0, 0), folded - 10)).rejects.toThrow(RangeError);
      const loaded = await store.load('doc');
      expect(loaded.end).toBe(end);
      expect(replay(loaded.updates)).toBe(text);
    });

    it('rejects reads and writes once closed instead of answering with an empty room', async () => {
      const end = await store.append('doc', [bytes(1)]);
      await store.close();
      expect(store.health).toBe('closed');
      await expect(store.load('doc')).rejects.toThrow(StoreUnavailableError);
      await expect(store.exists('doc')).rejects.toThrow(StoreUnavailableError);
      await expect(store.append('doc', [bytes(2)])).rejects.toThrow(StoreUnavailableError);
      await expect(store.compact('doc', bytes(0, 0), end)).rejects.toThrow(StoreUnavailableError);
    });
  });
}
