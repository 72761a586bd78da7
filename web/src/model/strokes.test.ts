import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { POINT_STRIDE, decodeChunks, quantizePoint } from './points-codec.ts';
import { MAX_POINTS_PER_STROKE, StrokeField, strokesMap } from './schema.ts';
import {
  appendPoints,
  beginStroke,
  clearBoard,
  eraseStrokes,
  finishStroke,
  listStrokes,
  readStroke,
} from './strokes.ts';
import { CREATED_AT, drawStroke, line } from './test-support/drawing.ts';
import { FROM_PEER, connectPeers } from './test-support/peers.ts';
import { penTrace } from './test-support/pen-trace.ts';
import { seededRandom } from './test-support/seeded-random.ts';

const ALICE = 'alice-local';
const BOB = 'bob-local';

const pointCount = (doc: Y.Doc, id: string) =>
  (readStroke(doc, id)?.points.length ?? 0) / POINT_STRIDE;

const storedChunks = (doc: Y.Doc, id: string) => {
  const stroke = strokesMap(doc).get(id);
  if (!(stroke instanceof Y.Map)) throw new Error(`no stroke ${id}`);
  const points: unknown = stroke.get(StrokeField.points);
  if (!(points instanceof Y.Array)) throw new Error(`stroke ${id} has no points`);
  return points.toArray();
};

/** Every update a document emits, as a provider would send them. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

describe('Alice draws a stroke', () => {
  it('begins on the board as an unfinished stroke with her colour, width and first point', () => {
    const doc = new Y.Doc();
    const meta = beginStroke(
      doc,
      {
        id: 'a-1',
        color: '#e03131',
        width: 4,
        author: 'alice',
        firstPoints: [{ x: 10, y: 20, p: 0.5 }],
        createdAt: CREATED_AT,
      },
      ALICE,
    );
    expect(meta).toEqual({
      id: 'a-1',
      color: '#e03131',
      width: 4,
      author: 'alice',
      z: 0,
      done: false,
      createdAt: CREATED_AT,
    });
    expect(readStroke(doc, 'a-1')).toEqual({
      ...meta,
      points: new Float32Array([10, 20, 128 / 255]),
    });
  });

  it('grows chunk by chunk on Bob’s board while she draws, and ends as one chunk', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    const trace = penTrace(seededRandom(1), 300);
    const updates = recordUpdates(alice);
    const seenByBob: number[] = [];
    drawStroke(alice, {
      id: 'a-1',
      points: trace,
      origin: ALICE,
      afterEach: () => {
        for (const update of updates.splice(0)) Y.applyUpdate(bob, update, FROM_PEER);
        seenByBob.push(pointCount(bob, 'a-1'));
      },
    });
    // begin (10 points), 29 appends, finish.
    expect(seenByBob).toEqual([...Array.from({ length: 30 }, (_, i) => (i + 1) * 10), 300]);
    const onBobsBoard = readStroke(bob, 'a-1');
    expect(onBobsBoard?.done).toBe(true);
    expect(storedChunks(bob, 'a-1')).toHaveLength(1);
    expect(onBobsBoard?.points).toEqual(readStroke(alice, 'a-1')?.points);
    const expected = trace.map(quantizePoint).flatMap(({ x, y, p }) => [x, y, Math.fround(p)]);
    expect(Array.from(onBobsBoard?.points ?? [])).toEqual(expected);
  });

  it('sends updates that grow linearly with the points, never resending earlier ones', () => {
    const doc = new Y.Doc();
    const updates = recordUpdates(doc);
    const POINTS = 300;
    drawStroke(doc, { id: 'a-1', points: penTrace(seededRandom(2), POINTS), origin: ALICE });
    const sizes = updates.map((update) => update.length);
    const appendSizes = sizes.slice(1, -1);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    console.log(
      `300-point stroke in 30 chunks: begin ${sizes[0]} B, appends ` +
        `${Math.min(...appendSizes)}–${Math.max(...appendSizes)} B, finish ${sizes.at(-1)} B, ` +
        `total ${total} B = ${(total / POINTS).toFixed(1)} B per point`,
    );
    // Rewriting earlier chunks would make the 29th append about 29× the first.
    expect(Math.max(...appendSizes)).toBeLessThan(2 * Math.min(...appendSizes));
    // Each point travels twice (in its chunk, then in the merged chunk) plus per-update headers.
    expect(total).toBeLessThan(12 * POINTS);
  });

  it('leaves a smaller stored document once finished, because peers drop the merged chunks', () => {
    const POINTS = 290;
    const trace = penTrace(seededRandom(3), POINTS);
    const alice = new Y.Doc();
    const server = new Y.Doc();
    connectPeers(alice, server);
    drawStroke(alice, { id: 'a-1', points: trace, origin: ALICE });
    // The same stroke left unfinished, as 29 chunks.
    const unfinished = new Y.Doc();
    beginStroke(
      unfinished,
      { id: 'a-1', color: '#1e1e1e', width: 2, author: 'alice', firstPoints: trace.slice(0, 10) },
      ALICE,
    );
    for (let i = 10; i < POINTS; i += 10) {
      appendPoints(unfinished, 'a-1', trace.slice(i, i + 10), ALICE);
    }
    const storedFinished = Y.encodeStateAsUpdate(server).length;
    const storedUnfinished = Y.encodeStateAsUpdate(unfinished).length;
    console.log(
      `stored: ${storedFinished} B finished vs ${storedUnfinished} B as 29 chunks ` +
        `(${(storedFinished / POINTS).toFixed(2)} B per point, metadata included)`,
    );
    expect(storedFinished).toBeLessThan(storedUnfinished);
    expect(storedFinished).toBeLessThan(4 * POINTS);
  });

  it('stacks each new stroke on top of the ones before', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 'z-first', points: line(3), origin: ALICE });
    drawStroke(doc, { id: 'a-second', points: line(3), origin: ALICE });
    drawStroke(doc, { id: 'm-third', points: line(3), origin: ALICE });
    expect(listStrokes(doc).map(({ id, z }) => [id, z])).toEqual([
      ['z-first', 0],
      ['a-second', 1],
      ['m-third', 2],
    ]);
  });

  it('cannot add points after finishing, and finishing twice changes nothing', () => {
    const doc = new Y.Doc();
    drawStroke(doc, { id: 'a-1', points: line(20), origin: ALICE });
    const updates = recordUpdates(doc);
    expect(appendPoints(doc, 'a-1', line(5), ALICE)).toBe(false);
    expect(finishStroke(doc, 'a-1', ALICE)).toBe(true);
    expect(updates).toEqual([]);
    expect(pointCount(doc, 'a-1')).toBe(20);
  });

  it('refuses invalid strokes and points before writing anything', () => {
    const doc = new Y.Doc();
    const updates = recordUpdates(doc);
    const base = { id: 'a-1', color: 'red', width: 2, author: 'alice', firstPoints: line(2) };
    expect(() => beginStroke(doc, { ...base, width: Number.NaN }, ALICE)).toThrow(RangeError);
    expect(() => beginStroke(doc, { ...base, color: 'url(x)' }, ALICE)).toThrow(TypeError);
    expect(() => beginStroke(doc, { ...base, id: '' }, ALICE)).toThrow(TypeError);
    expect(() => beginStroke(doc, { ...base, author: '' }, ALICE)).toThrow(TypeError);
    const badPoint = [{ x: Number.POSITIVE_INFINITY, y: 0, p: 0 }];
    expect(() => beginStroke(doc, { ...base, firstPoints: badPoint }, ALICE)).toThrow(RangeError);
    expect(updates).toEqual([]);

    beginStroke(doc, base, ALICE);
    expect(() => beginStroke(doc, base, ALICE)).toThrow(/already in use/);
    expect(() => appendPoints(doc, 'a-1', badPoint, ALICE)).toThrow(RangeError);
    expect(pointCount(doc, 'a-1')).toBe(2);
  });
});

describe('two people draw at the same moment', () => {
  it('both strokes get the same z, and both boards order them the same way, by id', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    drawStroke(alice, { id: 'shared-base', points: line(3), origin: ALICE });
    const disconnect = connectPeers(alice, bob);
    disconnect(); // both go offline, then each draws before hearing of the other
    drawStroke(alice, { id: 'alice-1', points: line(3), origin: ALICE });
    drawStroke(bob, { id: 'bob-1', points: line(3), origin: BOB, author: 'bob' });
    connectPeers(alice, bob);
    const order = (doc: Y.Doc) => listStrokes(doc).map(({ id, z }) => `${id}@${z}`);
    expect(order(alice)).toEqual(['shared-base@0', 'alice-1@1', 'bob-1@1']);
    expect(order(bob)).toEqual(order(alice));
  });
});

describe('erasing and clearing', () => {
  it('erases just the strokes the eraser touched, in one update', () => {
    const doc = new Y.Doc();
    for (const id of ['s1', 's2', 's3']) drawStroke(doc, { id, points: line(4), origin: ALICE });
    const updates = recordUpdates(doc);
    expect(eraseStrokes(doc, ['s1', 's3', 's3', 'never-existed'], ALICE)).toBe(2);
    expect(updates).toHaveLength(1);
    expect(listStrokes(doc).map(({ id }) => id)).toEqual(['s2']);
    expect(eraseStrokes(doc, ['s1'], ALICE)).toBe(0);
    expect(updates).toHaveLength(1);
  });

  it('clears the whole board for everyone in one update', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    connectPeers(alice, bob);
    drawStroke(alice, { id: 'a-1', points: line(4), origin: ALICE });
    drawStroke(bob, { id: 'b-1', points: line(4), origin: BOB });
    const updates = recordUpdates(alice);
    expect(clearBoard(alice, ALICE)).toBe(2);
    expect(updates).toHaveLength(1);
    expect(listStrokes(bob)).toEqual([]);
    expect(clearBoard(alice, ALICE)).toBe(0);
  });

  it('tells Alice her stroke is gone when Bob clears the board while she draws', () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    connectPeers(alice, bob);
    beginStroke(
      alice,
      { id: 'a-1', color: 'black', width: 2, author: 'alice', firstPoints: line(3) },
      ALICE,
    );
    expect(appendPoints(alice, 'a-1', line(3), ALICE)).toBe(true);
    clearBoard(bob, BOB);
    expect(appendPoints(alice, 'a-1', line(3), ALICE)).toBe(false);
    expect(finishStroke(alice, 'a-1', ALICE)).toBe(false);
    expect(listStrokes(alice)).toEqual([]);
  });
});

describe('merging chunks on finish', () => {
  it('keeps every point, in order, when a stroke had many chunks', () => {
    const doc = new Y.Doc();
    const points = penTrace(seededRandom(4), 95);
    drawStroke(doc, { id: 'a-1', points, origin: ALICE, chunkSize: 7 });
    const chunks = storedChunks(doc, 'a-1');
    expect(chunks).toHaveLength(1);
    const expected = points.map(quantizePoint).flatMap(({ x, y, p }) => [x, y, Math.fround(p)]);
    expect(Array.from(decodeChunks(chunks.filter((c) => c instanceof Uint8Array)))).toEqual(
      expected,
    );
  });
});

describe('finishing a stroke a peer made huge', () => {
  it(`leaves chunks unmerged past ${MAX_POINTS_PER_STROKE} points, so the update stays small`, () => {
    const alice = new Y.Doc();
    const mallory = new Y.Doc();
    connectPeers(alice, mallory);
    beginStroke(
      alice,
      { id: 's', color: '#000', width: 2, author: 'alice', firstPoints: line(3) },
      'alice',
    );
    // What a peer can push into a stroke someone else is drawing.
    appendPoints(mallory, 's', line(MAX_POINTS_PER_STROKE + 1), FROM_PEER);
    const updates: number[] = [];
    alice.on('update', (update: Uint8Array) => updates.push(update.length));
    finishStroke(alice, 's', 'alice');
    expect(readStroke(alice, 's')).toMatchObject({ done: true });
    expect(updates).toHaveLength(1);
    // Merged, it would re-send every point the peer wrote: 30 kB here, megabytes in the attack.
    expect(updates[0]).toBeLessThan(100);
  });
});
