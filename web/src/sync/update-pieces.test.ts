import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strokesMap } from '../model/schema.ts';
import { eraseStrokes, listStrokes } from '../model/strokes.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { createUndoManager } from '../model/undo.ts';
import { copyOf, offlineSessions, SESSION_ORDERS } from './test-support/offline-sessions.ts';
import { splitUpdate } from './update-pieces.ts';

const ME = { local: 'me' };

/** The same content and the same deletions. */
function expectSameDocs(a: Y.Doc, b: Y.Doc): void {
  expect(strokesMap(b).toJSON()).toEqual(strokesMap(a).toJSON());
  expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
  const deleted = (doc: Y.Doc) => Y.createDeleteSetFromStructStore(doc.store);
  expect(Y.equalDeleteSets(deleted(a), deleted(b))).toBe(true);
  expect(b.store.pendingStructs).toBeNull();
  expect(b.store.pendingDs).toBeNull();
}

/** A stroke whose one chunk is `bytes` long, as a 2.6 MB stroke is in the real attack. */
function bigStroke(doc: Y.Doc, id: string, bytes: number): void {
  drawStroke(doc, { id, points: line(3), origin: ME });
  const stroke = strokesMap(doc).get(id) as Y.Map<unknown>;
  doc.transact(
    () => (stroke.get('points') as Y.Array<Uint8Array>).push([new Uint8Array(bytes)]),
    ME,
  );
}

describe('splitUpdate', () => {
  it('returns an update that fits as it is', () => {
    const update = new Uint8Array([0, 0]);
    expect(splitUpdate(update, 10)).toEqual([update]);
  });

  it('cuts the undo of a clear into pieces that fit and rebuild the board on a peer', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    connectPeers(alice, bob);
    bigStroke(alice, 'a', 60_000);
    bigStroke(alice, 'b', 60_000);
    drawStroke(alice, { id: 'c', points: line(40), origin: ME });
    const undo = createUndoManager(alice, ME);
    alice.transact(() => strokesMap(alice).clear(), ME);
    undo.stopCapturing();
    expect(strokesMap(bob).size).toBe(0);

    // Bob stops hearing Alice directly: her undo reaches him only as pieces.
    const bobOnly = new Y.Doc();
    Y.applyUpdate(bobOnly, Y.encodeStateAsUpdate(bob));
    let whole: Uint8Array | null = null;
    alice.on('update', (update: Uint8Array) => (whole = update));
    undo.undo();
    expect(whole!.byteLength).toBeGreaterThan(120_000);

    const pieces = splitUpdate(whole!, 100_000);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(100_000);
    for (const piece of pieces) Y.applyUpdate(bobOnly, piece);
    expect(listStrokes(bobOnly).map(({ id }) => id)).toEqual(['a', 'b', 'c']);
    expectSameDocs(alice, bobOnly);
  });

  it('cuts a whole board of two clients, with deletions, into small pieces', () => {
    const before = new Y.Doc();
    const other = new Y.Doc();
    connectPeers(before, other);
    for (let i = 0; i < 30; i++) {
      drawStroke(i % 2 ? before : other, { id: `s${i}`, points: line(20), origin: ME });
    }
    eraseStrokes(before, ['s3', 's7', 's8'], ME);
    const whole = Y.encodeStateAsUpdate(before);
    const pieces = splitUpdate(whole, 1000);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(1000);
    const after = new Y.Doc();
    for (const piece of pieces) Y.applyUpdate(after, piece);
    expectSameDocs(before, after);
  });

  it('spreads a delete set too big for one piece over several', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (let i = 0; i < 2000; i++) strokesMap(doc).set(`k${i}`, i);
    });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let erase: Uint8Array | null = null;
    doc.on('update', (update: Uint8Array) => (erase = update));
    // Every other entry: 1,000 ranges that do not merge.
    doc.transact(() => {
      for (let i = 0; i < 2000; i += 2) strokesMap(doc).delete(`k${i}`);
    });
    const pieces = splitUpdate(erase!, 500);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(500);
    for (const piece of pieces) Y.applyUpdate(copy, piece);
    expectSameDocs(doc, copy);
  });

  it('cuts a merged update with gaps (skips) at the gaps', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 20; i++) drawStroke(doc, { id: `s${i}`, points: line(20), origin: ME });
    // Every other update merged: the result skips the clocks of those left out.
    const odd = Y.mergeUpdates(updates.filter((_, i) => i % 2 === 1));
    const even = updates.filter((_, i) => i % 2 === 0);
    const pieces = splitUpdate(odd, 600);
    for (const piece of pieces) expect(piece.byteLength).toBeLessThanOrEqual(600);
    const copy = new Y.Doc();
    for (const piece of pieces) Y.applyUpdate(copy, piece);
    for (const update of even) Y.applyUpdate(copy, update);
    expectSameDocs(doc, copy);
  });

  it('gives a struct larger than the limit a piece of its own, for the caller to refuse', () => {
    const doc = new Y.Doc();
    let whole: Uint8Array | null = null;
    doc.on('update', (update: Uint8Array) => (whole = update));
    doc.transact(() => {
      strokesMap(doc).set('small', 1);
      strokesMap(doc).set('huge', new Uint8Array(5000));
      strokesMap(doc).set('tiny', 2);
    });
    const sizes = splitUpdate(whole!, 1000).map((piece) => piece.byteLength);
    expect(sizes.filter((size) => size > 1000)).toHaveLength(1);
  });

  it.each(SESSION_ORDERS)(
    'orders the step 2 of sessions %i, %i, %i so that no piece waits for a later one',
    (...clientIds) => {
      const { relay, device, step2 } = offlineSessions(clientIds);
      const pieces = splitUpdate(step2, 200);
      expect(pieces.length).toBeGreaterThan(5);
      const applied = copyOf(relay);
      pieces.forEach((piece, index) => {
        expect(piece.byteLength, `piece ${index}`).toBeLessThanOrEqual(200);
        Y.applyUpdate(applied, piece);
        // Pending structs are what the relay refuses (1007): they build on what it does not hold.
        expect(applied.store.pendingStructs, `piece ${index}`).toBeNull();
      });
      expectSameDocs(device, applied);
    },
  );

  it('follows a chain of references as long as the update without running out of stack', () => {
    // Inserting at the front each time: every item refers to the one before it (rightOrigin),
    // and nothing merges. The later session (higher id) builds on the last of them.
    const earlier = new Y.Doc();
    earlier.clientID = 1;
    const list = earlier.getArray<number>('chain');
    earlier.transact(() => {
      for (let i = 0; i < 100_000; i++) list.insert(0, [i]);
    });
    const later = copyOf(earlier);
    later.clientID = 2;
    later.getArray<number>('chain').insert(0, [-1]);
    const relay = new Y.Doc();
    const pieces = splitUpdate(Y.encodeStateAsUpdate(later), 50_000);
    for (const piece of pieces) {
      Y.applyUpdate(relay, piece);
      expect(relay.store.pendingStructs).toBeNull();
    }
    expect(relay.getArray('chain').length).toBe(100_001);
  });
});
