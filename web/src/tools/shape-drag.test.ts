import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listElements, readElement } from '../model/elements.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { History } from './history.svelte.ts';
import { ShapeDrag, WRITE_INTERVAL_MS, draggedShape, type ShapeTool } from './shape-drag.ts';

describe('the box a drag spans', () => {
  it('is the same whichever corner the drag starts from', () => {
    const box = { kind: 'box', x: 10, y: 20, w: 30, h: 40, rot: 0 };
    expect(draggedShape('rect', { x: 10, y: 20 }, { x: 40, y: 60 }, false)).toEqual(box);
    expect(draggedShape('rect', { x: 40, y: 60 }, { x: 10, y: 20 }, false)).toEqual(box);
  });

  it('with Shift is a square (a circle) on the longer side, toward the pointer', () => {
    expect(draggedShape('ellipse', { x: 0, y: 0 }, { x: -30, y: 10 }, true)).toEqual({
      kind: 'box',
      x: -30,
      y: 0,
      w: 30,
      h: 30,
      rot: 0,
    });
  });

  it('for a line with Shift snaps to 15° and keeps its length', () => {
    const patch = draggedShape('line', { x: 0, y: 0 }, { x: 100, y: 8 }, true);
    expect(patch.kind).toBe('segment');
    if (patch.kind !== 'segment') return;
    expect(patch.h).toBeCloseTo(0);
    expect(patch.w).toBeCloseTo(Math.hypot(100, 8));
    const steep = draggedShape('arrow', { x: 0, y: 0 }, { x: 50, y: 48 }, true);
    if (steep.kind !== 'segment') return;
    expect(Math.atan2(steep.h, steep.w)).toBeCloseTo(Math.PI / 4);
  });
});

function setup() {
  const doc = new Y.Doc();
  const peer = new Y.Doc();
  connectPeers(doc, peer);
  const history = new History(doc, {});
  const target = { doc, origin: history.origin, author: 'alice-user-id', history };
  let next = 0;
  const start = (tool: ShapeTool, at = { x: 100, y: 100 }, zoom = 1) =>
    new ShapeDrag(
      target,
      tool,
      { color: '#e03131', pixels: 4, zoom, fill: 'none' },
      at,
      () => `shape-${++next}`,
    );
  return { doc, peer, history, start };
}

describe('Alice drags out a rectangle', () => {
  it('Bob sees it appear at once, grow as she drags, and finish where she lets go', () => {
    const { peer, start } = setup();
    const drag = start('rect');
    expect(readElement(peer, 'shape-1')).toMatchObject({ type: 'rect', done: false, w: 0 });
    drag.moveTo({ x: 150, y: 130 }, false, 0);
    expect(readElement(peer, 'shape-1')).toMatchObject({ w: 50, h: 30, done: false });
    // Within the same 33 ms: kept for later, not written.
    drag.moveTo({ x: 160, y: 140 }, false, WRITE_INTERVAL_MS / 2);
    expect(readElement(peer, 'shape-1')).toMatchObject({ w: 50 });
    drag.finish();
    expect(readElement(peer, 'shape-1')).toMatchObject({
      type: 'rect',
      x: 100,
      y: 100,
      w: 60,
      h: 40,
      fill: 'none',
      color: '#e03131',
      width: 4,
      done: true,
      author: 'alice-user-id',
    });
  });

  it('the whole drag is one undo step, and redo brings the finished shape back', () => {
    const { doc, history, start } = setup();
    const drag = start('arrow');
    for (let i = 1; i <= 10; i++) drag.moveTo({ x: 100 + i * 10, y: 100 }, false, i * 40);
    drag.finish();
    history.undo();
    expect(listElements(doc)).toEqual([]);
    history.redo();
    expect(readElement(doc, 'shape-1')).toMatchObject({ type: 'arrow', w: 100, done: true });
  });

  it('a click draws nothing and leaves no undo step', () => {
    const { doc, history, start } = setup();
    start('ellipse').finish();
    expect(listElements(doc)).toEqual([]);
    expect(history.canUndo).toBe(false);
  });

  it('stops when a peer erases the shape mid-drag', () => {
    const { peer, start } = setup();
    const drag = start('line');
    peer.getMap('strokes').delete('shape-1');
    expect(drag.moveTo({ x: 200, y: 200 }, false, 100)).toBe(false);
    expect(drag.state).toBe('lost');
  });

  it('stores its outline width as the pen does: pixels over zoom', () => {
    const { doc, start } = setup();
    const drag = start('rect', { x: 0, y: 0 }, 2);
    drag.moveTo({ x: 50, y: 50 }, false, 0);
    drag.finish();
    expect(readElement(doc, 'shape-1')).toMatchObject({ width: 2 });
  });
});
