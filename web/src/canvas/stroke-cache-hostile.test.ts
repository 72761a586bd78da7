import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeChunk, POINT_STRIDE } from '../model/points-codec.ts';
import {
  MAX_POINTS_PER_STROKE,
  StrokeField,
  strokesMap,
  type ModelProblem,
} from '../model/schema.ts';
import { appendPoints, beginStroke, listStrokes } from '../model/strokes.ts';
import { line } from '../model/test-support/drawing.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
import { MAX_REPORTED_PROBLEMS, warnOncePerProblem } from '../model/problem-warnings.ts';
import { IMMEDIATE_CHANGE, StrokeCache, type StrokeChange } from './stroke-cache.ts';

const PEER = 'peer';

/** A clock that moves 1 ms each time it is read: a slice of 10 ms reads 10 strokes. */
function slicing() {
  const timers = new ManualClock();
  let clock = 0;
  return { timers, now: () => clock++, sliceMs: 10 };
}

function setup() {
  const doc = new Y.Doc();
  const peer = new Y.Doc();
  connectPeers(doc, peer);
  const problems: ModelProblem[] = [];
  const slices = slicing();
  const cache = new StrokeCache(doc, (problem) => problems.push(problem), slices);
  const changes: StrokeChange[] = [];
  cache.subscribe((change) => changes.push(change));
  return { doc, peer, cache, problems, timers: slices.timers, changes };
}

/** `count` finished strokes written by a peer in one transaction, as a hostile client might. */
function manyStrokes(peer: Y.Doc, count: number, prefix = 's'): void {
  peer.transact(() => {
    const strokes = strokesMap(peer);
    for (let i = 0; i < count; i++) {
      const map = new Y.Map<unknown>();
      strokes.set(`${prefix}${i}`, map);
      map.set(StrokeField.color, '#1e1e1e');
      map.set(StrokeField.width, 2);
      map.set(StrokeField.author, 'mallory');
      map.set(StrokeField.z, i);
      map.set(StrokeField.done, true);
      map.set(StrokeField.createdAt, 0);
      const points = new Y.Array<Uint8Array>();
      map.set(StrokeField.points, points);
      points.push([encodeChunk(line(3, { x: i, y: 0 }))]);
    }
  }, PEER);
}

describe('StrokeCache under hostile content', () => {
  it('reads a 2,000-stroke transaction in slices, with progress, and ends up in order', () => {
    const { doc, peer, cache, timers } = setup();
    manyStrokes(peer, 2000);
    // The document's event returned without reading a single stroke.
    expect(cache.size).toBe(0);
    expect(cache.progress).toEqual({ done: 0, total: 2000 });

    const progress: number[] = [];
    cache.subscribe(() => progress.push(cache.progress?.done ?? 2000));
    timers.advance(0);
    expect(cache.progress).toBeNull();
    // 10 strokes per slice (one clock tick each), never more.
    expect(progress.length).toBeGreaterThanOrEqual(190);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]! - progress[i - 1]!).toBeLessThanOrEqual(10);
    }
    expect(cache.size).toBe(2000);
    expect(cache.ordered().map(({ id }) => id)).toEqual(listStrokes(doc).map(({ id }) => id));
  });

  it('keeps the drawing order right when slices land on a board already drawn', () => {
    const { doc, peer, cache, timers } = setup();
    manyStrokes(peer, 300, 'a');
    timers.advance(0);
    cache.ordered();
    manyStrokes(peer, 300, 'b');
    // Read between slices, as a frame would.
    const sizes: [number, number][] = [];
    cache.subscribe(() => sizes.push([cache.ordered().length, cache.size]));
    timers.advance(0);
    expect(sizes.length).toBeGreaterThan(30);
    for (const [ordered, size] of sizes) expect(ordered).toBe(size);
    expect(cache.ordered().map(({ id }) => id)).toEqual(listStrokes(doc).map(({ id }) => id));
  });

  it('reads a small change at once, even while a big one is being sliced', () => {
    const { peer, cache } = setup();
    manyStrokes(peer, IMMEDIATE_CHANGE + 1);
    beginStroke(
      peer,
      { id: 'bob', color: '#e03131', width: 4, author: 'bob', firstPoints: line(2) },
      PEER,
    );
    expect(cache.get('bob')?.points.length).toBe(2 * POINT_STRIDE);
    expect(cache.size).toBe(1);
  });

  it('decodes only the chunks appended to a stroke being drawn', () => {
    const { doc, peer, cache, problems } = setup();
    beginStroke(
      peer,
      { id: 'live', color: '#000', width: 2, author: 'bob', firstPoints: line(5) },
      PEER,
    );
    const first = cache.get('live')!.points.slice();
    // Spoil the first chunk's bytes behind the cache's back: a whole-stroke read would now
    // report it and drop its points; an incremental one never reads it again.
    chunksOf(doc, 'live').get(0)[0] = 99;
    appendPoints(peer, 'live', line(3, { x: 10, y: 0 }), PEER);
    appendPoints(peer, 'live', line(4, { x: 20, y: 0 }), PEER);
    const points = cache.get('live')!.points;
    expect(points.length).toBe(12 * POINT_STRIDE);
    expect([...points.subarray(0, first.length)]).toEqual([...first]);
    expect(cache.get('live')!.bounds).toEqual({ minX: -1, minY: -1, maxX: 24, maxY: 3 });
    expect(problems).toEqual([]);
  });

  it('reads a stroke whole when chunks were put anywhere but at its end', () => {
    const { doc, peer, cache } = setup();
    beginStroke(
      peer,
      { id: 'live', color: '#000', width: 2, author: 'bob', firstPoints: line(5) },
      PEER,
    );
    chunksOf(peer, 'live').insert(0, [encodeChunk(line(2, { x: 50, y: 50 }))]);
    const points = cache.get('live')!.points;
    expect(points.length).toBe(7 * POINT_STRIDE);
    expect([points[0], points[1]]).toEqual([50, 50]);
    expect([...points]).toEqual([...listStrokes(doc)[0]!.points]);
  });

  it(`reads no more than ${MAX_POINTS_PER_STROKE} points of a stroke, and says so once`, () => {
    const { peer, cache, problems } = setup();
    beginStroke(
      peer,
      {
        id: 'long',
        color: '#000',
        width: 2,
        author: 'm',
        firstPoints: line(MAX_POINTS_PER_STROKE),
      },
      PEER,
    );
    for (let i = 0; i < 3; i++) appendPoints(peer, 'long', line(1000), PEER);
    expect(cache.get('long')!.points.length).toBe(MAX_POINTS_PER_STROKE * POINT_STRIDE);
    expect(problems).toEqual([
      {
        strokeId: 'long',
        reason: `more than ${MAX_POINTS_PER_STROKE} points, only the first ${MAX_POINTS_PER_STROKE} are read`,
      },
    ]);
  });
});

function chunksOf(doc: Y.Doc, id: string): Y.Array<Uint8Array> {
  const stroke = strokesMap(doc).get(id) as Y.Map<unknown>;
  return stroke.get(StrokeField.points) as Y.Array<Uint8Array>;
}

describe('warnOncePerProblem', () => {
  it('warns at most MAX_REPORTED_PROBLEMS times, however many strokes are malformed', () => {
    const warnings: string[] = [];
    const doc = new Y.Doc();
    const slices = { ...slicing(), sliceMs: 1000 };
    new StrokeCache(
      doc,
      warnOncePerProblem((message) => warnings.push(message)),
      slices,
    );
    doc.transact(() => {
      for (let i = 0; i < 100_000; i++) strokesMap(doc).set(`bad-${i}`, i);
    });
    slices.timers.advance(0);
    expect(warnings.length).toBe(MAX_REPORTED_PROBLEMS + 1);
    expect(warnings.at(-1)).toMatch(/further problems are not reported\)$/);
  });
});
