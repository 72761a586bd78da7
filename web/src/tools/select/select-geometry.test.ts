import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StrokeCache } from '../../canvas/stroke-cache.ts';
import { strokesMap } from '../../model/schema.ts';
import { elementCorners, readElement, setTransform } from '../../model/elements.ts';
import { drawStroke } from '../../model/test-support/drawing.ts';
import { addShape } from '../../model/test-support/elements.ts';
import { boundsOfPoints, compose, rotation, type Affine } from '../../model/transform.ts';
import { ElementIndex } from './element-index.ts';
import { elementsInBox, nudgeVector, pickTopmost, selectionFrame } from './select-geometry.ts';
import { restack } from './selection-edits.ts';

const caches: StrokeCache[] = [];
afterEach(() => {
  for (const cache of caches.splice(0)) cache.destroy();
});

function indexOf(doc: Y.Doc): ElementIndex {
  const cache = new StrokeCache(doc);
  caches.push(cache);
  return new ElementIndex(cache);
}

describe('picking and box-selecting', () => {
  it('picks the topmost filled shape under the pointer, and sees through an empty frame', () => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'under', type: 'rect', fill: 'solid' });
    addShape(doc, { id: 'frame', type: 'rect' });
    const index = indexOf(doc);
    expect(pickTopmost(index, { x: 50, y: 25 }, 2)?.id).toBe('under');
    expect(pickTopmost(index, { x: 0, y: 25 }, 2)?.id).toBe('frame');
    expect(pickTopmost(index, { x: 500, y: 500 }, 2)).toBeNull();
  });

  it('re-reads an element a peer moved, and forgets one erased', () => {
    const doc = new Y.Doc();
    addShape(doc, { id: 'r', type: 'rect', fill: 'solid' });
    const index = indexOf(doc);
    expect(index.get('r')).toMatchObject({ x: 0 });
    (strokesMap(doc).get('r') as Y.Map<unknown>).set('x', 300);
    expect(index.get('r')).toMatchObject({ x: 300 });
    strokesMap(doc).delete('r');
    expect(index.get('r')).toBeNull();
  });

  it('box-selects among 5,000 elements through the grid', () => {
    const doc = new Y.Doc();
    const index = indexOf(doc);
    // 50 authors of 100 each: one transaction each stays under the cache's slicing threshold,
    // and each author's z scan (nextZ) stays short.
    for (let author = 0; author < 50; author++) {
      const part = new Y.Doc();
      for (let i = author * 100; i < (author + 1) * 100; i++) {
        addShape(part, {
          id: `r${i}`,
          type: 'rect',
          x: (i % 100) * 120,
          y: Math.floor(i / 100) * 60,
        });
      }
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(part));
    }
    const box = { minX: -10, minY: -10, maxX: 100 * 120, maxY: 50 * 60 };
    const timed = () => {
      const started = performance.now();
      const found = elementsInBox(index, box);
      return { found, ms: performance.now() - started };
    };
    const first = timed();
    const again = timed();
    const ids = again.found;
    console.log(
      `box-select over 5,000 elements: ${first.ms.toFixed(1)} ms cold, ${again.ms.toFixed(1)} ms warm`,
    );
    expect(ids).toHaveLength(5_000);
    expect(elementsInBox(index, { minX: -10, minY: -10, maxX: 110, maxY: 60 })).toEqual(['r0']);
  });
});

describe('the frame and nudges', () => {
  it('nudges one screen pixel, ten with Shift, whatever the zoom', () => {
    expect(nudgeVector('ArrowLeft', false, 1)).toEqual({ x: -1, y: 0 });
    expect(nudgeVector('ArrowDown', true, 2)).toEqual({ x: 0, y: 5 });
    expect(nudgeVector('a', false, 1)).toBeNull();
  });

  it('frames the shapes themselves, not nothing', () => {
    expect(selectionFrame([])).toBeNull();
  });

  it('turns the frame of one stroke with its matrix, unless the matrix shears it', () => {
    const doc = new Y.Doc();
    const corners = [
      { x: 0, y: 0, p: 0.5 },
      { x: 200, y: 0, p: 0.5 },
      { x: 200, y: 100, p: 0.5 },
    ];
    drawStroke(doc, { id: 's', points: corners, origin: null });
    const framed = (matrix: Affine) => {
      setTransform(doc, 's', { kind: 'matrix', matrix }, null);
      return selectionFrame([readElement(doc, 's')!])!;
    };
    // Turned 30° and stretched 2× along its own x axis: a 400 × 100 frame at 30°.
    const turned = framed(compose(rotation(Math.PI / 6), [2, 0, 0, 1, 0, 0]));
    expect(turned.angle).toBeCloseTo(Math.PI / 6, 12);
    expect(turned.box.maxX - turned.box.minX).toBeCloseTo(400, 9);
    expect(turned.box.maxY - turned.box.minY).toBeCloseTo(100, 9);
    // Stretched along the world's x axis after the turn: sheared, framed along the world's axes.
    const sheared = framed(compose([2, 0, 0, 1, 0, 0], rotation(Math.PI / 6)));
    expect(sheared.angle).toBe(0);
    expect(sheared.box).toEqual(boundsOfPoints(elementCorners(readElement(doc, 's')!)));
  });
});

describe('restack', () => {
  const placed = (id: string, z: number, x = 0) => ({
    id,
    z,
    done: true,
    bounds: { minX: x, minY: 0, maxX: x + 10, maxY: 10 },
  });
  const board = [placed('a', 1), placed('b', 2), placed('apart', 3, 500), placed('c', 4)];

  it('brings the selection just above the next element it overlaps', () => {
    expect(restack(board, new Set(['a']), 'forward')).toEqual(
      new Map([
        ['b', 1],
        ['a', 2],
      ]),
    );
    // Past an element elsewhere on the board, to the next one it covers.
    expect(restack(board, new Set(['b']), 'forward')).toEqual(
      new Map([
        ['apart', 2],
        ['c', 3],
        ['b', 4],
      ]),
    );
    expect(restack(board, new Set(['c']), 'forward').size).toBe(0);
  });

  it('sends the selection just below the previous element it overlaps', () => {
    expect(restack(board, new Set(['c']), 'backward')).toEqual(
      new Map([
        ['c', 2],
        ['b', 3],
        ['apart', 4],
      ]),
    );
    expect(restack(board, new Set(['a']), 'backward').size).toBe(0);
  });
});
