import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changedStrokeIds } from './changes.ts';
import { strokesMap } from './schema.ts';
import { appendPoints, beginStroke, eraseStrokes, finishStroke } from './strokes.ts';
import { drawStroke, line } from './test-support/drawing.ts';
import { connectPeers } from './test-support/peers.ts';

describe('a renderer re-reads only the strokes that changed', () => {
  it('names the stroke Bob is drawing at every step, and the strokes Alice erases', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    connectPeers(alice, bob);
    drawStroke(bob, { id: 'old', points: line(3), origin: 'bob' });
    const batches: string[][] = [];
    strokesMap(alice).observeDeep((events) => batches.push([...changedStrokeIds(events)]));

    beginStroke(
      bob,
      { id: 'b-2', color: 'blue', width: 2, author: 'bob', firstPoints: line(2) },
      'bob',
    );
    appendPoints(bob, 'b-2', line(2), 'bob');
    finishStroke(bob, 'b-2', 'bob');
    eraseStrokes(alice, ['old', 'b-2'], 'alice');

    expect(batches).toEqual([['b-2'], ['b-2'], ['b-2'], ['old', 'b-2']]);
  });
});
