import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createShape,
  elementCorners,
  readElement,
  type StrokeElement,
} from '../../model/elements.ts';
import { rotationOf } from '../../model/transform.ts';
import { drawStroke } from '../../model/test-support/drawing.ts';
import { connectPeers } from '../../model/test-support/peers.ts';
import { ManualClock } from '../../timing/test-support/manual-clock.ts';
import { History } from '../history.svelte.ts';
import { PAYLOAD_TYPE } from './clipboard-payload.ts';
import { StrokeCache } from '../../canvas/stroke-cache.ts';
import { ElementIndex } from './element-index.ts';
import { selectionFrame } from './select-geometry.ts';
import { SelectTool } from './select-tool.svelte.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** One person's board: a document, their undo history and the select tool on it. */
function board(doc = new Y.Doc()) {
  const origin = { local: 'test page' };
  const history = new History(doc, origin);
  const clock = new ManualClock();
  const cache = new StrokeCache(doc);
  const index = new ElementIndex(cache);
  let next = 0;
  const tool = new SelectTool({
    doc,
    origin,
    history,
    elements: () => index,
    author: 'alice',
    newId: () => `new-${++next}`,
    timers: clock,
    onChange: () => {},
  });
  cleanups.push(() => {
    tool.destroy();
    cache.destroy();
    history.destroy();
  });
  return { doc, origin, history, tool, clock, index };
}

/** A horizontal stroke of 300 points from (x, y) to (x + 299, y). */
function line300(doc: Y.Doc, id: string, origin: unknown, x = 0, y = 0) {
  const points = Array.from({ length: 300 }, (_, i) => ({ x: x + i, y, p: 0.5 }));
  drawStroke(doc, { id, points, origin });
}

const stroke = (doc: Y.Doc, id: string) => readElement(doc, id) as StrokeElement;

describe('the select tool', () => {
  it('selects the topmost element under a click, toggles with Shift and clears on empty board', () => {
    const { doc, origin, tool } = board();
    line300(doc, 'low', origin);
    line300(doc, 'high', origin);
    line300(doc, 'apart', origin, 0, 500);
    tool.down({ x: 100, y: 0 }, 1, 'mouse', false);
    tool.up({ x: 100, y: 0 }, false);
    expect([...tool.ids]).toEqual(['high']);
    tool.down({ x: 100, y: 500 }, 1, 'mouse', true);
    tool.up({ x: 100, y: 500 }, true);
    expect([...tool.ids].sort()).toEqual(['apart', 'high']);
    tool.down({ x: 100, y: 500 }, 1, 'mouse', true);
    expect([...tool.ids]).toEqual(['high']);
    tool.down({ x: 100, y: 250 }, 1, 'mouse', false);
    tool.up({ x: 100, y: 250 }, false);
    expect(tool.ids.size).toBe(0);
  });

  it('selects what a dragged box wholly contains', () => {
    const { doc, origin, tool } = board();
    line300(doc, 'a', origin, 0, 0);
    line300(doc, 'b', origin, 0, 100);
    line300(doc, 'far', origin, 1000, 0);
    tool.down({ x: -20, y: -20 }, 1, 'mouse', false);
    tool.move({ x: 400, y: 50 }, false);
    expect(tool.box).toEqual({ minX: -20, minY: -20, maxX: 400, maxY: 50 });
    tool.up({ x: 400, y: 120 }, false);
    expect([...tool.ids].sort()).toEqual(['a', 'b']);
    expect(tool.box).toBeNull();
  });

  it('moves a 300-point stroke by writing its transform only, one undo step per drag', () => {
    const { doc, origin, tool, history, clock } = board();
    line300(doc, 's', origin);
    const peer = new Y.Doc();
    cleanups.push(connectPeers(doc, peer));
    const sent: number[] = [];
    doc.on('update', (update: Uint8Array) => sent.push(update.length));
    history.beginStep();

    tool.down({ x: 10, y: 0 }, 1, 'mouse', false);
    for (let step = 1; step <= 20; step++) {
      clock.advance(5);
      tool.move({ x: 10 + step * 5, y: step * 2 }, false);
    }
    tool.up({ x: 110, y: 40 }, false);

    expect(stroke(peer, 's').matrix).toEqual([1, 0, 0, 1, 100, 40]);
    expect(stroke(peer, 's').bounds.minX).toBeCloseTo(99, 0);
    // Written at the cursor rate (30 Hz), not on each of 20 pointer moves 5 ms apart…
    expect(sent.length).toBeLessThanOrEqual(5);
    // …and each write is tens of bytes, not the 300 points.
    console.log(`bytes per move update of a 300-point stroke: ${sent.join(', ')}`);
    for (const bytes of sent) expect(bytes).toBeLessThan(80);

    history.undo();
    expect(stroke(peer, 's').matrix).toEqual([1, 0, 0, 1, 0, 0]);
    history.redo();
    expect(stroke(peer, 's').matrix).toEqual([1, 0, 0, 1, 100, 40]);
  });

  it('resizes from a corner handle (Shift keeps the ratio) and rotates from the top handle', () => {
    const { doc, origin, tool } = board();
    createShape(
      doc,
      {
        id: 'r',
        type: 'rect',
        x: 0,
        y: 0,
        w: 100,
        h: 50,
        color: '#1e1e1e',
        width: 2,
        author: 'alice',
      },
      origin,
    );
    tool.select(['r']);
    // The south-east corner, dragged 100 right and 10 down with Shift: twice as large.
    tool.down({ x: 100, y: 50 }, 1, 'mouse', true);
    tool.up({ x: 200, y: 60 }, true);
    expect(readElement(doc, 'r')).toMatchObject({ x: 0, y: 0, w: 200, h: 100 });
    // The rotate handle sits 24 px above the top edge's middle; a quarter turn with Shift snaps.
    tool.down({ x: 100, y: -24 }, 1, 'mouse', true);
    tool.up({ x: 100 + 124 + 3, y: 50 + 2 }, true);
    const turned = readElement(doc, 'r');
    expect(turned?.type === 'rect' && turned.rot).toBeCloseTo(Math.PI / 2, 6);
  });

  it('resizes a turned rectangle from a corner of its turned frame: it stays turned, its opposite corner stays', () => {
    const { doc, origin, tool, clock } = board();
    const turn = Math.PI / 6;
    // 120 × 60 centred on (300, 200), turned 30°.
    createShape(
      doc,
      {
        id: 'r',
        type: 'rect',
        x: 240,
        y: 170,
        w: 120,
        h: 60,
        rot: turn,
        color: '#1e1e1e',
        width: 2,
        author: 'alice',
      },
      origin,
    );
    const own = (dx: number, dy: number) => ({
      x: 300 + dx * Math.cos(turn) - dy * Math.sin(turn),
      y: 200 + dx * Math.sin(turn) + dy * Math.cos(turn),
    });
    const nw = own(-60, -30);
    const se = own(60, 30);
    tool.select(['r']);
    expect(tool.orientedFrame()?.angle).toBeCloseTo(turn, 12);

    // Its own south-east corner (no longer the world box's), dragged 40 right and 30 down.
    tool.down(se, 1, 'mouse', false);
    for (let step = 1; step <= 4; step++) {
      clock.advance(40);
      tool.move({ x: se.x + step * 10, y: se.y + step * 7.5 }, false);
    }
    tool.up({ x: se.x + 40, y: se.y + 30 }, false);

    const resized = readElement(doc, 'r');
    expect(resized?.type === 'rect' && resized.rot).toBeCloseTo(turn, 9);
    const corners = elementCorners(resized!);
    expect(corners[0].x).toBeCloseTo(nw.x, 6);
    expect(corners[0].y).toBeCloseTo(nw.y, 6);
    expect(corners[2].x).toBeCloseTo(se.x + 40, 6);
    expect(corners[2].y).toBeCloseTo(se.y + 30, 6);
  });

  it("keeps a turned selection's frame on its elements through a drag's writes", () => {
    const { doc, origin, tool, clock } = board();
    const shape = { type: 'rect', w: 120, h: 60, color: '#1e1e1e', width: 2, author: 'alice' };
    createShape(doc, { ...shape, id: 'r', type: 'rect', x: 240, y: 170, rot: 0.5 }, origin);
    line300(doc, 's', origin, 0, 500);
    const fresh = () => selectionFrame(tool.selected());
    for (const ids of [['r'], ['r', 's']]) {
      tool.select(ids);
      const start = { x: 300, y: 200 };
      tool.down(start, 1, 'mouse', false);
      for (let step = 1; step <= 3; step++) {
        clock.advance(40);
        tool.move({ x: start.x + step * 13, y: start.y - step * 7 }, false);
        // Worked out from the drag, not from the elements: the same frame all the same.
        const frame = tool.orientedFrame()!;
        const expected = fresh()!;
        expect(frame.angle).toBeCloseTo(expected.angle, 12);
        for (const key of ['minX', 'minY', 'maxX', 'maxY'] as const) {
          expect(frame.box[key]).toBeCloseTo(expected.box[key], 9);
        }
      }
      tool.up({ x: start.x + 39, y: start.y - 21 }, false);
    }
  });

  it('turns a stroke with Shift to 30°, then its frame turns with it and a corner resize keeps the turn', () => {
    const { doc, origin, tool } = board();
    // A 200 × 100 outline: its own box spans (0, 0)–(200, 100), its centre is (100, 50).
    const outline = [
      [0, 0],
      [200, 0],
      [200, 100],
      [0, 100],
      [0, 0],
    ].map(([x, y]) => ({ x: x!, y: y!, p: 0.5 }));
    drawStroke(doc, { id: 's', points: outline, origin });
    tool.select(['s']);
    // The rotate handle, 24 px above the top edge's middle, taken round the centre by about 31°:
    // Shift snaps the stroke's angle to 30°.
    tool.down({ x: 100, y: -24 }, 1, 'mouse', true);
    const about31 = 31 * (Math.PI / 180);
    tool.up({ x: 100 + 74 * Math.sin(about31), y: 50 - 74 * Math.cos(about31) }, true);
    const turn = Math.PI / 6;
    expect(rotationOf(stroke(doc, 's').matrix)).toBeCloseTo(turn, 9);
    expect(tool.orientedFrame()?.angle).toBeCloseTo(turn, 9);

    const own = (dx: number, dy: number) => ({
      x: 100 + dx * Math.cos(turn) - dy * Math.sin(turn),
      y: 50 + dx * Math.sin(turn) + dy * Math.cos(turn),
    });
    const nw = own(-100, -50);
    // The south-east corner, dragged out to twice the size along the stroke's own axes.
    tool.down(own(100, 50), 1, 'mouse', false);
    tool.up(own(300, 150), false);
    const m = stroke(doc, 's').matrix;
    expect(rotationOf(m)).toBeCloseTo(turn, 9);
    const corners = elementCorners(stroke(doc, 's'));
    expect(corners[0].x).toBeCloseTo(nw.x, 6);
    expect(corners[0].y).toBeCloseTo(nw.y, 6);
    expect(Math.hypot(corners[1].x - corners[0].x, corners[1].y - corners[0].y)).toBeCloseTo(
      400,
      6,
    );
  });

  it('nudges, duplicates, deletes and selects all, each one undo step', () => {
    const { doc, origin, tool, history } = board();
    line300(doc, 's', origin);
    tool.select(['s']);
    tool.nudge({ x: 10, y: 0 });
    tool.nudge({ x: 10, y: 0 });
    expect(stroke(doc, 's').matrix[4]).toBe(20);
    history.undo();
    expect(stroke(doc, 's').matrix[4]).toBe(10);
    tool.duplicate(1);
    expect([...tool.ids]).toEqual(['new-1']);
    expect(stroke(doc, 'new-1').bounds.minX - stroke(doc, 's').bounds.minX).toBeCloseTo(16, 3);
    tool.selectAll();
    expect(tool.ids.size).toBe(2);
    expect(tool.delete()).toBe(2);
    expect(readElement(doc, 's')).toBeNull();
    history.undo();
    expect(readElement(doc, 's')).not.toBeNull();
    expect(readElement(doc, 'new-1')).not.toBeNull();
  });

  it('copies to clipboard text another room pastes at the pointer', () => {
    const a = board();
    line300(a.doc, 's', a.origin);
    createShape(
      a.doc,
      {
        id: 'r',
        type: 'note',
        x: 0,
        y: 20,
        w: 200,
        h: 200,
        color: '#1c7ed6',
        width: 4,
        author: 'alice',
      },
      a.origin,
    );
    a.tool.selectAll();
    const text = a.tool.copy();
    expect(text).toContain(PAYLOAD_TYPE);

    const b = board();
    expect(b.tool.paste(text!, { x: 1000, y: 1000 })).toEqual({ pasted: 2, skipped: 0 });
    expect(b.tool.ids.size).toBe(2);
    const frame = b.tool.frame()!;
    expect((frame.minX + frame.maxX) / 2).toBeCloseTo(1000, 0);
    expect((frame.minY + frame.maxY) / 2).toBeCloseTo(1000, 0);
    expect(b.tool.paste('just words', { x: 0, y: 0 })).toBe(false);
  });

  it('cuts as one step: undo brings the elements back', () => {
    const { doc, origin, tool, history } = board();
    line300(doc, 's', origin);
    tool.select(['s']);
    expect(tool.cut()).toContain(PAYLOAD_TYPE);
    expect(readElement(doc, 's')).toBeNull();
    history.undo();
    expect(readElement(doc, 's')).not.toBeNull();
  });

  it('picks with a finger from farther off the ink than with a mouse', () => {
    const { doc, origin, tool } = board();
    line300(doc, 's', origin);
    // 10 screen pixels below the line at zoom 2: 5 world units.
    tool.down({ x: 100, y: 5 }, 2, 'mouse', false);
    tool.up({ x: 100, y: 5 }, false);
    expect(tool.ids.size).toBe(0);
    tool.down({ x: 100, y: 5 }, 2, 'touch', false);
    tool.up({ x: 100, y: 5 }, false);
    expect([...tool.ids]).toEqual(['s']);
  });

  it('takes back a drag turned into a pinch: elements in place, selection as it was, no undo step', () => {
    const { doc, origin, tool, history, clock } = board();
    line300(doc, 'moved', origin, 0, 0);
    history.beginStep();
    line300(doc, 'held', origin, 0, 500);
    tool.select(['held']);
    const peer = new Y.Doc();
    cleanups.push(connectPeers(doc, peer));
    // Pressed on another element, which it selects, and drifted twice before the second finger.
    tool.down({ x: 100, y: 0 }, 1, 'touch', false);
    tool.move({ x: 103, y: 1 }, false);
    clock.advance(50);
    tool.move({ x: 107, y: 2 }, false);
    expect(stroke(peer, 'moved').matrix).not.toEqual([1, 0, 0, 1, 0, 0]);
    tool.abandon();

    expect(stroke(peer, 'moved').matrix).toEqual([1, 0, 0, 1, 0, 0]);
    expect([...tool.ids]).toEqual(['held']);
    expect(tool.dragging).toBe(false);
    // Nothing pending is written later either.
    clock.advance(1000);
    expect(stroke(peer, 'moved').matrix).toEqual([1, 0, 0, 1, 0, 0]);
    // The step on top is still drawing the second line: undo takes it away.
    expect(history.canRedo).toBe(false);
    history.undo();
    expect(readElement(doc, 'held')).toBeNull();
    expect(readElement(doc, 'moved')).not.toBeNull();
  });

  it('takes back a pinch that began before anything moved without touching older steps', () => {
    const { doc, origin, tool, history } = board();
    line300(doc, 's', origin);
    tool.select(['s']);
    tool.down({ x: 100, y: 0 }, 1, 'touch', false);
    tool.abandon();
    expect([...tool.ids]).toEqual(['s']);
    expect(history.canUndo).toBe(true);
    expect(history.canRedo).toBe(false);
    // A selection box begun on the empty board had cleared the selection: it comes back.
    const frame = tool.frame();
    tool.down({ x: 100, y: 300 }, 1, 'touch', false);
    tool.move({ x: 400, y: 400 }, false);
    expect(tool.ids.size).toBe(0);
    expect(tool.frame()).toBeNull();
    tool.abandon();
    expect([...tool.ids]).toEqual(['s']);
    // Framed again, not left with the empty box's frame.
    expect(tool.frame()).toEqual(frame);
    expect(tool.box).toBeNull();
  });

  it('forgets selected elements a peer erased', () => {
    const { doc, origin, tool } = board();
    line300(doc, 's', origin);
    tool.select(['s']);
    doc.getMap('strokes').delete('s');
    tool.prune();
    expect(tool.ids.size).toBe(0);
  });
});
