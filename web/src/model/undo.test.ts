import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strokesMap } from './schema.ts';
import { appendPoints, beginStroke, clearBoard, eraseStrokes, listStrokes } from './strokes.ts';
import { drawStroke, line } from './test-support/drawing.ts';
import { connectPeers } from './test-support/peers.ts';
import { penTrace } from './test-support/pen-trace.ts';
import { seededRandom } from './test-support/seeded-random.ts';
import { createUndoManager } from './undo.ts';

/** Each browser's own origin for its local edits; the UndoManager tracks only this one. */
const ALICE = { user: 'alice' };
const BOB = { user: 'bob' };

const ids = (doc: Y.Doc) => listStrokes(doc).map(({ id }) => id);

/** What the app does on pointerdown: start a new undo step, then draw. */
function drawGesture(undo: Y.UndoManager, ...args: Parameters<typeof drawStroke>) {
  undo.stopCapturing();
  drawStroke(...args);
}

/**
 * Alice's hand rests for `ms` before the next pointer event. Y.UndoManager groups edits by the
 * time since its last change, read through lib0's copy of Date.now (taken at import, so a fake
 * clock cannot reach it); moving that last change back is the same as time passing.
 */
const pause = (undo: Y.UndoManager, ms: number) => () => {
  undo.lastChange -= ms;
};

describe('Alice presses undo', () => {
  it('removes her whole last stroke in one step, and redo brings it back intact', () => {
    const doc = new Y.Doc();
    const undo = createUndoManager(doc, ALICE);
    drawGesture(undo, doc, { id: 'a-1', points: line(5), origin: ALICE });
    drawGesture(undo, doc, { id: 'a-2', points: penTrace(seededRandom(1), 300), origin: ALICE });
    const drawn = listStrokes(doc);

    undo.undo();
    expect(ids(doc)).toEqual(['a-1']);
    undo.redo();
    expect(listStrokes(doc)).toEqual(drawn);
    undo.undo();
    undo.undo();
    expect(ids(doc)).toEqual([]);
    expect(undo.canUndo()).toBe(false);
  });

  it('removes a slowly drawn stroke whole, however long she paused mid-stroke', () => {
    const doc = new Y.Doc();
    const undo = createUndoManager(doc, ALICE);
    drawGesture(undo, doc, {
      id: 'slow',
      points: line(60),
      origin: ALICE,
      afterEach: pause(undo, 2_000),
    });
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(ids(doc)).toEqual([]);
  });

  it('would leave half a stroke with Yjs’s default 500 ms grouping: why createUndoManager exists', () => {
    const doc = new Y.Doc();
    const undo = new Y.UndoManager(strokesMap(doc), { trackedOrigins: new Set([ALICE]) });
    drawStroke(doc, { id: 'slow', points: line(60), origin: ALICE, afterEach: pause(undo, 2_000) });
    undo.undo();
    expect(listStrokes(doc)).toMatchObject([{ id: 'slow', done: false }]);
  });

  it('merges two strokes into one step if the app forgets stopCapturing', () => {
    const doc = new Y.Doc();
    const undo = createUndoManager(doc, ALICE);
    drawStroke(doc, { id: 'a-1', points: line(5), origin: ALICE });
    drawStroke(doc, { id: 'a-2', points: line(5), origin: ALICE });
    undo.undo();
    expect(ids(doc)).toEqual([]);
  });

  it('never undoes Bob’s stroke, even one he drew while she was drawing hers', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    connectPeers(alice, bob);
    const undo = createUndoManager(alice, ALICE);
    undo.stopCapturing();
    beginStroke(
      alice,
      { id: 'a-1', color: 'red', width: 2, author: 'alice', firstPoints: line(3) },
      ALICE,
    );
    drawStroke(bob, { id: 'b-1', points: line(8), origin: BOB, author: 'bob' });
    appendPoints(alice, 'a-1', line(3), ALICE);
    drawStroke(bob, { id: 'b-2', points: line(8), origin: BOB, author: 'bob' });

    undo.undo();
    expect(ids(alice)).toEqual(['b-1', 'b-2']);
    expect(ids(bob)).toEqual(['b-1', 'b-2']);
    expect(undo.canUndo()).toBe(false);
  });

  it('brings back what her eraser took, with the same points and stacking', () => {
    const doc = new Y.Doc();
    const undo = createUndoManager(doc, ALICE);
    for (const id of ['s1', 's2', 's3']) {
      drawGesture(undo, doc, { id, points: penTrace(seededRandom(id.length), 40), origin: ALICE });
    }
    const before = listStrokes(doc);
    undo.stopCapturing(); // one eraser drag, two moves
    eraseStrokes(doc, ['s1'], ALICE);
    eraseStrokes(doc, ['s3'], ALICE);
    expect(ids(doc)).toEqual(['s2']);
    undo.undo();
    expect(listStrokes(doc)).toEqual(before);
  });

  it('restores everyone’s strokes after she clears the board', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    connectPeers(alice, bob);
    const undo = createUndoManager(alice, ALICE);
    drawStroke(bob, { id: 'b-1', points: line(4), origin: BOB, author: 'bob' });
    drawGesture(undo, alice, { id: 'a-1', points: line(4), origin: ALICE });
    undo.stopCapturing();
    clearBoard(alice, ALICE);
    expect(ids(bob)).toEqual([]);
    undo.undo();
    expect(ids(bob)).toEqual(['b-1', 'a-1']);
  });
});
