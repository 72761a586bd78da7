import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { elementText, readElement, setTransforms, transformPatchFor } from '../model/elements.ts';
import { ElementField, StrokeField, strokesMap, type ModelProblem } from '../model/schema.ts';
import { addShape, addText } from '../model/test-support/elements.ts';
import { translation, type Affine } from '../model/transform.ts';
import { appendPoints, beginStroke, eraseStrokes, finishStroke } from '../model/strokes.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { StrokeCache, type StrokeChange } from './stroke-cache.ts';

const PEER = 'peer';

function setup(existing = 0) {
  const doc = new Y.Doc();
  const peer = new Y.Doc();
  connectPeers(doc, peer);
  for (let i = 0; i < existing; i++) {
    drawStroke(peer, { id: `old-${i}`, points: line(10, { x: i * 20, y: 0 }), origin: PEER });
  }
  const problems: ModelProblem[] = [];
  const cache = new StrokeCache(doc, (problem) => problems.push(problem));
  const changes: StrokeChange[] = [];
  cache.subscribe((change) => changes.push(change));
  return { doc, peer, cache, changes, problems };
}

describe('StrokeCache', () => {
  it('holds every stroke of the board it opened, with bounds, in drawing order', () => {
    const { cache } = setup(3);
    expect(cache.ordered().map(({ id }) => id)).toEqual(['old-0', 'old-1', 'old-2']);
    expect(cache.get('old-1')?.bounds).toEqual({ minX: 19, minY: -1, maxX: 30, maxY: 5.5 });
  });

  it('re-reads only the stroke a peer is drawing, and calls it a live change', () => {
    const { peer, cache, changes } = setup(3);
    const untouched = cache.get('old-0');
    beginStroke(
      peer,
      { id: 'new', color: '#e03131', width: 4, author: 'bob', firstPoints: line(1) },
      PEER,
    );
    appendPoints(peer, 'new', line(4, { x: 1, y: 0 }), PEER);
    expect(cache.get('new')?.points.length).toBe(15);
    expect(cache.get('old-0')).toBe(untouched);
    const growing = { finished: false, live: true, appeared: [], vacated: [] };
    expect(changes).toEqual([growing, growing]);
    expect(cache.live().map(({ id }) => id)).toEqual(['new']);

    finishStroke(peer, 'new', PEER);
    // Finishing moves it to the finished layer: drawn there, with nothing to paint over.
    expect(changes.at(-1)).toEqual({
      finished: true,
      live: true,
      appeared: [cache.get('new')],
      vacated: [],
    });
    expect(cache.live()).toEqual([]);
    expect(cache.ordered().at(-1)?.id).toBe('new');
  });

  it('drops an erased stroke and tells the finished layer', () => {
    const { peer, cache, changes } = setup(2);
    const erased = cache.get('old-0');
    eraseStrokes(peer, ['old-0'], PEER);
    expect(cache.get('old-0')).toBeUndefined();
    expect(cache.ordered().map(({ id }) => id)).toEqual(['old-1']);
    // Where it was is to be painted over.
    expect(changes).toEqual([
      { finished: true, live: false, appeared: [], vacated: [erased?.bounds] },
    ]);
  });

  it('finds the finished strokes in an area, in drawing order, and forgets erased ones', () => {
    const { peer, cache } = setup(5);
    // Strokes old-i run from x = 20 i to 20 i + 9 (plus half their width).
    const area = { minX: 25, minY: 0, maxX: 65, maxY: 1 };
    expect(cache.finishedIn(area).map(({ id }) => id)).toEqual(['old-1', 'old-2', 'old-3']);
    beginStroke(
      peer,
      { id: 'live', color: '#000', width: 2, author: 'bob', firstPoints: line(2, { x: 30, y: 0 }) },
      PEER,
    );
    eraseStrokes(peer, ['old-2'], PEER);
    // Strokes being drawn are the live layer's.
    expect(cache.finishedIn(area).map(({ id }) => id)).toEqual(['old-1', 'old-3']);
    finishStroke(peer, 'live', PEER);
    expect(cache.finishedIn(area).map(({ id }) => id)).toEqual(['old-1', 'old-3', 'live']);
  });

  it('gives a changed stroke a new entry, so its outline path is built again', () => {
    const { peer, cache } = setup(0);
    beginStroke(
      peer,
      { id: 's', color: '#000', width: 2, author: 'bob', firstPoints: line(2) },
      PEER,
    );
    const before = cache.get('s')!;
    before.path = {} as Path2D;
    appendPoints(peer, 's', line(2, { x: 5, y: 5 }), PEER);
    expect(cache.get('s')).not.toBe(before);
    expect(cache.get('s')?.path).toBeNull();
  });

  it('keeps drawing order when peers start strokes at once with the same z (ties by id)', () => {
    const { doc, peer, cache } = setup(1);
    cache.ordered();
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(peer));
    drawStroke(offline, { id: 'b', points: line(3), origin: PEER });
    drawStroke(peer, { id: 'a', points: line(3), origin: PEER });
    drawStroke(peer, { id: 'c', points: line(3), origin: PEER });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline));
    expect(cache.ordered().map(({ id, z }) => `${id}:${z}`)).toEqual([
      'old-0:0',
      'a:1',
      'b:1',
      'c:2',
    ]);
  });

  it('skips and reports a malformed stroke from a peer', () => {
    const { peer, cache, problems } = setup(1);
    peer.transact(() => {
      const bad = new Y.Map<unknown>();
      strokesMap(peer).set('bad', bad);
      bad.set(StrokeField.color, 'not a colour!');
    }, PEER);
    expect(cache.get('bad')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(problems).toEqual([{ strokeId: 'bad', reason: 'color is not a CSS colour' }]);
  });

  it('stops listening when destroyed', () => {
    const { peer, cache, changes } = setup(1);
    cache.destroy();
    eraseStrokes(peer, ['old-0'], PEER);
    expect(changes).toEqual([]);
    expect(cache.size).toBe(1);
  });
});

describe('StrokeCache with shapes, text and moved strokes', () => {
  it('holds shapes by their bounds, strokes where their matrix puts them, and skips unknown kinds', () => {
    const { peer, cache, problems } = setup(1);
    addShape(peer, { id: 'r', type: 'rect', x: 100, y: 0, w: 50, h: 50 }, PEER);
    addText(peer, { id: 't', text: 'hi' }, PEER);
    peer.transact(() => {
      const future = new Y.Map<unknown>();
      strokesMap(peer).set('f', future);
      future.set(ElementField.type, 'frame');
    }, PEER);
    expect(cache.ordered().map(({ id }) => id)).toEqual(['old-0', 'r', 't']);
    expect(cache.get('r')?.shape?.type).toBe('rect');
    expect(cache.get('r')?.bounds).toEqual({ minX: 99, minY: -1, maxX: 151, maxY: 51 });
    expect(problems.map(({ strokeId }) => strokeId)).toEqual(['f']);

    const before = cache.get('old-0')!.bounds!;
    const stroke = readElement(peer, 'old-0')!;
    setTransforms(peer, new Map([['old-0', transformPatchFor(stroke, translation(0, 100))]]), PEER);
    expect(cache.get('old-0')?.bounds?.minY).toBeCloseTo(before.minY + 100);
    expect(
      cache.finishedIn({ minX: 0, minY: 90, maxX: 20, maxY: 110 }).map(({ id }) => id),
    ).toEqual(['old-0']);
  });

  it('re-reads a text box as its words change, and shows a shape being dragged out as live', () => {
    const { peer, cache, changes } = setup();
    addText(peer, { id: 't', text: 'hi' }, PEER);
    peer.transact(() => elementText(peer, 't')!.insert(2, ' there'), PEER);
    expect(cache.get('t')?.shape?.text).toBe('hi there');
    addShape(peer, { id: 'r', type: 'ellipse', done: false }, PEER);
    expect(cache.live().map(({ id }) => id)).toEqual(['r']);
    expect(changes.at(-1)).toMatchObject({ live: true, finished: false });
  });
});

describe('StrokeCache reading moves', () => {
  it("re-reads a moved shape's box and keeps its words, and reads it in full when the box is bad", () => {
    const { peer, cache, problems } = setup();
    addText(peer, { id: 't', text: 'kept words' }, PEER);
    addShape(peer, { id: 'r', type: 'rect', x: 0, y: 0, w: 50, h: 50 }, PEER);
    const moves = new Map([
      ['t', transformPatchFor(readElement(peer, 't')!, translation(30, 0))],
      ['r', transformPatchFor(readElement(peer, 'r')!, translation(0, 40))],
    ]);
    setTransforms(peer, moves, PEER);
    expect(cache.get('t')?.shape).toMatchObject({ x: 30, text: 'kept words' });
    expect(cache.get('r')?.bounds).toEqual({ minX: -1, minY: 39, maxX: 51, maxY: 91 });
    expect(cache.get('r')).toEqual(readBack(peer, 'r'));

    // A peer writes a negative size: not a valid move, so the entry is read whole and dropped.
    peer.transact(() => {
      const entry = strokesMap(peer).get('r');
      if (entry instanceof Y.Map) entry.set(ElementField.w, -5);
    }, PEER);
    expect(cache.get('r')).toBeUndefined();
    expect(problems.map(({ strokeId, reason }) => `${strokeId}: ${reason}`)).toEqual([
      'r: a box has a negative size',
    ]);
  });

  it('keeps the drawing order when a hundred elements under others are moved at once', () => {
    const { peer, cache } = setup(300);
    const moved = cache.ordered().filter((_stroke, i) => i % 3 === 0);
    const patches = new Map(
      moved.map(({ id }) => [id, transformPatchFor(readElement(peer, id)!, translation(5, 5))]),
    );
    setTransforms(peer, patches, PEER);
    const fresh = new StrokeCache(peer);
    expect(cache.ordered().map(({ id }) => id)).toEqual(fresh.ordered().map(({ id }) => id));
    expect(cache.ordered().every((stroke) => cache.get(stroke.id) === stroke)).toBe(true);
    fresh.destroy();
  });

  it('hands a dragged stroke its previous paths to shift, but not when it is scaled', () => {
    const { peer, cache } = setup(1);
    const drawn = cache.get('old-0')!;
    // As the renderer leaves it after drawing it once.
    const outline = { built: 'outline' } as unknown as Path2D;
    drawn.path = outline;
    const move = (m: Affine) =>
      setTransforms(peer, new Map([['old-0', { kind: 'matrix', matrix: m } as const]]), PEER);

    move(translation(10, 0));
    expect(cache.get('old-0')?.shifted).toEqual({ path: outline, hairline: null, dx: 10, dy: 0 });
    // Not drawn in between: the next move shifts the first entry's path by both moves.
    move(translation(25, -5));
    expect(cache.get('old-0')?.shifted).toEqual({ path: outline, hairline: null, dx: 25, dy: -5 });
    move([2, 0, 0, 2, 25, -5]);
    expect(cache.get('old-0')?.shifted).toBeNull();
  });
});

/** The entry a cache opened now would hold for `id`. */
function readBack(doc: Y.Doc, id: string) {
  const fresh = new StrokeCache(doc);
  const entry = fresh.get(id);
  fresh.destroy();
  return entry;
}
