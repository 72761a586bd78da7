import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listElements } from '../model/elements.ts';
import { listStrokes } from '../model/strokes.ts';
import { addShape, addText } from '../model/test-support/elements.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { EraserSweep } from './eraser.ts';
import { History } from './history.svelte.ts';

const ids = (doc: Y.Doc) => listStrokes(doc).map(({ id }) => id);

/** Three horizontal strokes at y = 0, 100 and 200, from x = 0 to 99, drawn by a peer. */
function board() {
  const doc = new Y.Doc();
  const peer = new Y.Doc();
  connectPeers(doc, peer);
  for (const y of [0, 100, 200]) {
    drawStroke(peer, {
      id: `at-${y}`,
      points: line(100, { x: 0, y }, { x: 1, y: 0 }),
      origin: 'peer',
      author: 'bob',
    });
  }
  const history = new History(doc, {});
  const eraser = (start: { x: number; y: number }) =>
    new EraserSweep({ doc, origin: history.origin, history }, () => listStrokes(doc), start, 5);
  return { doc, peer, history, eraser };
}

describe('the eraser', () => {
  it('removes a whole stroke it touches, for everyone', () => {
    const { peer, eraser } = board();
    eraser({ x: 50, y: 103 });
    expect(ids(peer)).toEqual(['at-0', 'at-200']);
  });

  it('catches strokes crossed between two pointer events, however fast the flick', () => {
    const { peer, eraser } = board();
    const sweep = eraser({ x: 50, y: -50 });
    sweep.moveTo({ x: 50, y: 150 });
    expect(ids(peer)).toEqual(['at-200']);
    expect(sweep.erased).toBe(2);
  });

  it('leaves strokes it passes near but does not touch', () => {
    const { peer, eraser } = board();
    eraser({ x: 150, y: 0 }).moveTo({ x: 150, y: 200 });
    expect(ids(peer)).toHaveLength(3);
  });

  it('is one undo step per drag, which brings the peer’s strokes back', () => {
    const { doc, history, eraser } = board();
    const sweep = eraser({ x: 10, y: -10 });
    sweep.moveTo({ x: 10, y: 90 });
    sweep.moveTo({ x: 10, y: 210 });
    expect(ids(doc)).toEqual([]);
    history.undo();
    expect(ids(doc)).toEqual(['at-0', 'at-100', 'at-200']);
  });
  it('brings back what it erased when abandoned, leaving earlier steps to undo', () => {
    const { peer, history, eraser } = board();
    eraser({ x: 50, y: 3 });
    const sweep = eraser({ x: 50, y: 103 });
    expect(ids(peer)).toEqual(['at-200']);
    sweep.abandon();
    sweep.moveTo({ x: 50, y: 200 });
    expect(ids(peer)).toEqual(['at-100', 'at-200']);
    expect(history.canRedo).toBe(false);
    history.undo();
    expect(ids(peer)).toEqual(['at-0', 'at-100', 'at-200']);
  });

  it('asks only for the strokes near the path it sweeps, not the whole board', () => {
    const { doc, history } = board();
    const areas: { minX: number; minY: number; maxX: number; maxY: number }[] = [];
    const sweep = new EraserSweep(
      { doc, origin: history.origin, history },
      (area) => {
        areas.push(area);
        return listStrokes(doc);
      },
      { x: 50, y: -50 },
      5,
    );
    sweep.moveTo({ x: 60, y: 150 });
    // The start point, then the segment to the next: each box covers its sweep plus the radius.
    expect(areas).toEqual([
      { minX: 45, minY: -55, maxX: 55, maxY: -45 },
      { minX: 45, minY: -55, maxX: 65, maxY: 155 },
    ]);
    expect(ids(doc)).toEqual(['at-200']);
  });
});

describe('the eraser on shapes, text and notes', () => {
  it('removes each one its circle passes over, and leaves those it misses', () => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'rect', type: 'rect', x: 0, y: 0, w: 100, h: 100 });
    addShape(doc, { id: 'arrow', type: 'arrow', x: 0, y: 300, w: 100, h: 0 });
    addText(doc, { id: 'text', x: 300, y: 0, w: 100, h: 40, text: 'hi' });
    addShape(doc, { id: 'note', type: 'note', x: 600, y: 0, w: 200, h: 200 });
    const history = new History(doc, {});
    const near = () =>
      listElements(doc).map((view) => ({
        ...view,
        points: view.type === 'stroke' ? view.worldPoints : new Float32Array(),
        shape: view.type === 'stroke' ? null : view,
      }));
    const target = { doc, origin: history.origin, history };
    // Through the empty middle of the rectangle: an unfilled frame is not hit there.
    new EraserSweep(target, near, { x: 30, y: 50 }, 5).moveTo({ x: 70, y: 50 });
    new EraserSweep(target, near, { x: 50, y: 250 }, 5).moveTo({ x: 50, y: 350 });
    new EraserSweep(target, near, { x: 350, y: 20 }, 5);
    new EraserSweep(target, near, { x: 700, y: 100 }, 5);
    expect(listElements(doc).map(({ id }) => id)).toEqual(['rect']);
  });
});
