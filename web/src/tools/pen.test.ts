import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_POINTS_PER_STROKE, strokesMap } from '../model/schema.ts';
import { appendPoints, eraseStrokes, listStrokes, readStroke } from '../model/strokes.ts';
import { line } from '../model/test-support/drawing.ts';
import { connectPeers } from '../model/test-support/peers.ts';
import { History } from './history.svelte.ts';
import { PenStroke, type PenSample } from './pen.ts';
import { APPEND_INTERVAL_MS } from './point-batcher.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';

/** A horizontal mouse drag sampled every 8 ms (125 Hz), 2 px per sample, at zoom 1. */
function drag(from: number, count: number, zoom = 1): PenSample[] {
  return Array.from({ length: count }, (_, i) => {
    const screen = { x: 100 + (from + i) * 2, y: 100 };
    return {
      screen,
      world: { x: screen.x / zoom, y: screen.y / zoom },
      time: (from + i) * 8,
      pressure: null,
    };
  });
}

function setup(zoom = 1) {
  const doc = new Y.Doc();
  const peer = new Y.Doc();
  connectPeers(doc, peer);
  const timers = new ManualClock();
  const history = new History(doc, {});
  const target = { doc, origin: history.origin, author: 'alice-user-id', history };
  let next = 0;
  const start = (first: PenSample) =>
    new PenStroke(target, { color: '#e03131', pixels: 4, zoom }, first, {
      newId: () => `stroke-${++next}`,
      timers,
    });
  return { doc, peer, timers, history, start };
}

describe('a very long gesture', () => {
  it(`goes on in a new stroke every ${MAX_POINTS_PER_STROKE} points, all one undo step`, () => {
    const { doc, peer, history, start } = setup();
    const [first, ...rest] = drag(0, 2.5 * MAX_POINTS_PER_STROKE);
    const pen = start(first!);
    pen.add(rest);
    pen.finish();
    const strokes = listStrokes(peer);
    expect(strokes.map(({ id }) => id)).toEqual(['stroke-1', 'stroke-2', 'stroke-3']);
    expect(strokes.map(({ points }) => points.length / 3)).toEqual([
      MAX_POINTS_PER_STROKE,
      MAX_POINTS_PER_STROKE,
      0.5 * MAX_POINTS_PER_STROKE + 2,
    ]);
    for (const stroke of strokes) expect(stroke).toMatchObject({ done: true, color: '#e03131' });
    // Each goes on from where the last one ended, so the line has no gap.
    for (let i = 1; i < strokes.length; i++) {
      const before = strokes[i - 1]!.points;
      expect([...strokes[i]!.points.subarray(0, 2)]).toEqual([...before.subarray(-3, -1)]);
    }
    expect(pen.ids).toEqual(['stroke-1', 'stroke-2', 'stroke-3']);
    history.undo();
    expect(listStrokes(doc)).toEqual([]);
  });
});

describe('a stroke a peer fills while it is drawn', () => {
  it('goes on in a new stroke, so no stroke ever holds more points than the relay takes', () => {
    const { doc, peer, timers, start } = setup();
    const [first, ...rest] = drag(0, 200);
    const pen = start(first!);
    pen.add(rest.slice(0, 50));
    timers.advance(APPEND_INTERVAL_MS);
    // Someone else pushes points into Alice's stroke until it is nearly full.
    const points = readStroke(peer, pen.id)!;
    expect(points.done).toBe(false);
    const filler = new Y.Doc();
    Y.applyUpdate(filler, Y.encodeStateAsUpdate(peer));
    appendPoints(filler, pen.id, line(MAX_POINTS_PER_STROKE - 60), 'mallory');
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(filler));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(filler));

    pen.add(rest.slice(50));
    pen.finish();
    const strokes = listStrokes(doc);
    expect(strokes).toHaveLength(2);
    for (const stroke of strokes) {
      expect(stroke.points.length / 3).toBeLessThanOrEqual(MAX_POINTS_PER_STROKE);
      expect(stroke.done).toBe(true);
    }
    // Every sample Alice drew is in one of her strokes.
    const alicePoints = strokes.reduce((n, s) => n + s.points.length / 3, 0);
    expect(alicePoints).toBeGreaterThanOrEqual(MAX_POINTS_PER_STROKE - 60 + 200);
  });
});

describe('drawing a stroke with the pen', () => {
  it('shows peers the stroke at once, growing about 30 times a second, then finished', () => {
    const { peer, timers, start } = setup();
    const [first, ...rest] = drag(0, 61);
    const pen = start(first!);
    expect(readStroke(peer, pen.id)).toMatchObject({ done: false, color: '#e03131' });
    expect(readStroke(peer, pen.id)?.points.length).toBe(3);

    const seen: number[] = [];
    for (const sample of rest) {
      pen.add([sample]);
      timers.advance(8);
      seen.push((readStroke(peer, pen.id)?.points.length ?? 0) / 3);
    }
    // 480 ms of drawing: a batch every 33 ms is about 15 updates, each adding points.
    expect(new Set(seen).size).toBeGreaterThanOrEqual(13);
    expect(new Set(seen).size).toBeLessThanOrEqual(16);

    pen.finish();
    const finished = readStroke(peer, pen.id);
    expect(finished).toMatchObject({ done: true, author: 'alice-user-id' });
    expect(finished!.points.length / 3).toBe(61);
    expect(pen.state).toBe('finished');
    expect(pen.ink).toBeNull();
  });

  it('keeps the stroke as wide on screen as chosen, whatever the zoom', () => {
    const { doc, start } = setup(4);
    const pen = start(drag(0, 1, 4)[0]!);
    pen.finish();
    expect(readStroke(doc, pen.id)?.width).toBe(1);
  });

  it('shows every sample on the live layer before it is sent', () => {
    const { doc, start } = setup();
    const [first, ...rest] = drag(0, 5);
    const pen = start(first!);
    pen.add(rest);
    expect(pen.ink?.points).toHaveLength(5);
    expect((readStroke(doc, pen.id)?.points.length ?? 0) / 3).toBe(1);
  });

  it('skips samples that have not moved', () => {
    const { start } = setup();
    const [first] = drag(0, 1);
    const pen = start(first!);
    pen.add([
      { ...first!, time: 16 },
      { ...first!, time: 24 },
    ]);
    expect(pen.pointCount).toBe(1);
  });

  it('simulates pressure for a mouse and uses a pen’s own', () => {
    const { doc, start } = setup();
    const mouse = start(drag(0, 1)[0]!);
    mouse.add(drag(1, 30));
    mouse.finish();
    const pressures = pointsOf(doc, mouse.id).map(([, , p]) => p);
    expect(Math.max(...pressures) - Math.min(...pressures)).toBeGreaterThan(0.05);

    const pen = start({ ...drag(0, 1)[0]!, pressure: 0.9 });
    pen.add(drag(1, 3).map((s) => ({ ...s, pressure: 0.2 })));
    pen.finish();
    expect(pointsOf(doc, pen.id).map(([, , p]) => Math.round(p * 10) / 10)).toEqual([
      0.9, 0.2, 0.2, 0.2,
    ]);
  });

  it('stops when a peer erases the stroke mid-way, and finishing then writes nothing', () => {
    const { doc, peer, timers, start } = setup();
    const pen = start(drag(0, 1)[0]!);
    eraseStrokes(peer, [pen.id], 'peer');
    pen.add(drag(1, 3));
    timers.advance(APPEND_INTERVAL_MS);
    expect(pen.state).toBe('lost');
    expect(pen.add(drag(4, 1))).toBe(false);
    pen.finish();
    expect(strokesMap(doc).size).toBe(0);
  });

  it('is one undo step however long it took', () => {
    const { doc, timers, history, start } = setup();
    const pen = start(drag(0, 1)[0]!);
    for (const sample of drag(1, 50)) {
      pen.add([sample]);
      timers.advance(100);
    }
    pen.finish();
    history.undo();
    expect(listStrokes(doc)).toEqual([]);
  });

  it('leaves no trace, not even an undo step, when abandoned for a pinch', () => {
    const { doc, peer, timers, history, start } = setup();
    const kept = start(drag(0, 1)[0]!);
    kept.finish();
    const abandoned = start(drag(10, 1)[0]!);
    abandoned.add(drag(11, 3));
    timers.advance(APPEND_INTERVAL_MS);
    abandoned.abandon();
    expect(listStrokes(peer).map(({ id }) => id)).toEqual([kept.id]);
    history.undo();
    expect(listStrokes(doc)).toEqual([]);
  });
});

function pointsOf(doc: Y.Doc, id: string): [number, number, number][] {
  const points = readStroke(doc, id)?.points ?? new Float32Array();
  const result: [number, number, number][] = [];
  for (let i = 0; i < points.length; i += 3)
    result.push([points[i]!, points[i + 1]!, points[i + 2]!]);
  return result;
}
