import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eraseStrokes } from '../../web/src/model/strokes.ts';
import { drawStrokes } from '../test-support/boards.ts';
import { massDeleteCount } from './board-elements.ts';
import { restoreUpdate } from './restore.ts';

const board = (doc: Y.Doc) => JSON.stringify(doc.getMap('strokes').toJSON());
const copy = (doc: Y.Doc) => {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
};

describe('restoring a version', () => {
  it('makes the board equal to the version in one change: deleted come back, added go, changed mend', () => {
    const live = new Y.Doc();
    drawStrokes(live, 5);
    live.getMap('strokes').set('note', 'a top-level value');
    const version = copy(live);
    eraseStrokes(live, ['s0', 's1'], null);
    drawStrokes(live, 2, { prefix: 'late', seed: 9 });
    (live.getMap('strokes').get('s2') as Y.Map<unknown>).set('color', '#ff0000');
    live.getMap('strokes').set('note', 'changed');

    const update = restoreUpdate(live, version)!;
    const other = copy(live);
    Y.applyUpdate(live, update);
    expect(board(live)).toBe(board(version));
    // An element the version and the board share stays the same item: only its field changed.
    Y.applyUpdate(other, update);
    expect(board(other)).toBe(board(version));
    expect(restoreUpdate(live, version)).toBeNull();
  });

  it('is itself undone by restoring what it replaced', () => {
    const live = new Y.Doc();
    drawStrokes(live, 6);
    const version = copy(live);
    eraseStrokes(live, ['s0', 's1', 's2', 's3', 's4'], null);
    drawStrokes(live, 1, { prefix: 'new', seed: 3 });
    const replaced = copy(live);
    Y.applyUpdate(live, restoreUpdate(live, version)!);
    Y.applyUpdate(live, restoreUpdate(live, replaced)!);
    expect(board(live)).toBe(board(replaced));
  });
});

/** The delete set of erasing `ids` from a copy of `doc`. */
function erasing(doc: Y.Doc, ids: string[]) {
  const scratch = copy(doc);
  const before = Y.encodeStateVector(scratch);
  eraseStrokes(scratch, ids, null);
  return Y.decodeUpdate(Y.encodeStateAsUpdate(scratch, before)).ds;
}

describe('a mass delete', () => {
  it('is a change removing more than half of the elements, and at least two', () => {
    const doc = new Y.Doc();
    drawStrokes(doc, 4);
    expect(massDeleteCount(doc, erasing(doc, ['s0', 's1']))).toBe(0); // half is not more
    expect(massDeleteCount(doc, erasing(doc, ['s0', 's1', 's2']))).toBe(3);
    const single = new Y.Doc();
    drawStrokes(single, 1);
    expect(massDeleteCount(single, erasing(single, ['s0']))).toBe(0);
  });
});
