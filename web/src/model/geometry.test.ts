import { describe, expect, it } from 'vitest';
import {
  boundsIntersect,
  hitTest,
  pointSegmentDistanceSq,
  strokeBounds,
  strokesHitBy,
  sweepHitsStroke,
  unionBounds,
  type Bounds,
} from './geometry.ts';
import { randomBetween, seededRandom } from './test-support/seeded-random.ts';

const HIT_FUZZ_SEED = 0x0e_4a5e;

/** A stroke's points as the decoder gives them: x, y, p triples. */
const stroke = (...xy: number[]) =>
  new Float32Array(
    Array.from({ length: xy.length / 2 }, (_, i) => [
      xy[2 * i] ?? 0,
      xy[2 * i + 1] ?? 0,
      0.5,
    ]).flat(),
  );

describe('bounding boxes', () => {
  it('covers the ink, half the width beyond the points', () => {
    expect(strokeBounds({ points: stroke(0, 0, 10, 5, -2, 3), width: 4 })).toEqual({
      minX: -4,
      minY: -2,
      maxX: 12,
      maxY: 7,
    });
  });

  it('has none for a stroke without points', () => {
    expect(strokeBounds({ points: new Float32Array(), width: 4 })).toBeNull();
  });

  it('unions the boxes of the whole board for zoom-to-fit, ignoring empty strokes', () => {
    const a: Bounds = { minX: 0, minY: 0, maxX: 10, maxY: 10 };
    const b: Bounds = { minX: -5, minY: 20, maxX: 3, maxY: 30 };
    expect(unionBounds([a, null, b])).toEqual({ minX: -5, minY: 0, maxX: 10, maxY: 30 });
    expect(unionBounds([null])).toBeNull();
    expect(unionBounds([])).toBeNull();
  });

  it('counts touching boxes as intersecting', () => {
    const a: Bounds = { minX: 0, minY: 0, maxX: 10, maxY: 10 };
    expect(boundsIntersect(a, { minX: 10, minY: 10, maxX: 20, maxY: 20 })).toBe(true);
    expect(boundsIntersect(a, { minX: 10.01, minY: 0, maxX: 20, maxY: 10 })).toBe(false);
  });
});

describe('the eraser touching a stroke', () => {
  // A horizontal line from (0, 0) to (100, 0), 2 units wide: ink from y = -1 to y = 1.
  const horizontal = stroke(0, 0, 100, 0);

  it('misses when the eraser’s edge stops just short of the ink', () => {
    expect(hitTest(horizontal, 2, { x: 50, y: 6.01 }, 5)).toBe(false);
  });

  it('hits when the eraser’s edge just touches the ink, mid-segment', () => {
    expect(hitTest(horizontal, 2, { x: 50, y: 6 }, 5)).toBe(true);
    expect(hitTest(horizontal, 2, { x: 50, y: -6 }, 5)).toBe(true);
  });

  it('hits past the end of the line only within the round cap', () => {
    expect(hitTest(horizontal, 2, { x: 104, y: 0 }, 3)).toBe(true);
    expect(hitTest(horizontal, 2, { x: 104, y: 3 }, 3)).toBe(false); // 5 from the end point
  });

  it('reaches a wide stroke from further away', () => {
    expect(hitTest(horizontal, 2, { x: 50, y: 15 }, 5)).toBe(false);
    expect(hitTest(horizontal, 20, { x: 50, y: 15 }, 5)).toBe(true);
  });

  it('hits a single-point dot by its radius', () => {
    const dot = stroke(10, 10);
    expect(hitTest(dot, 4, { x: 10, y: 16.9 }, 5)).toBe(true);
    expect(hitTest(dot, 4, { x: 10, y: 17.1 }, 5)).toBe(false);
  });

  it('hits any segment of a polyline, not just its first', () => {
    const zigzag = stroke(0, 0, 10, 10, 20, 0, 30, 10);
    expect(hitTest(zigzag, 1, { x: 25, y: 5 }, 0.5)).toBe(true);
    expect(hitTest(zigzag, 1, { x: 20, y: 8 }, 0.5)).toBe(false);
  });

  it('catches a thin stroke that a fast eraser jumped over between two pointer events', () => {
    const vertical = stroke(50, -100, 50, 100);
    const from = { x: 0, y: 0 };
    const to = { x: 100, y: 20 };
    expect(hitTest(vertical, 1, from, 3)).toBe(false);
    expect(hitTest(vertical, 1, to, 3)).toBe(false);
    expect(sweepHitsStroke(vertical, 1, { from, to }, 3)).toBe(true);
  });

  it('misses a stroke running alongside the eraser’s path', () => {
    const parallel = stroke(0, 10, 100, 10);
    expect(sweepHitsStroke(parallel, 2, { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } }, 8.9)).toBe(
      false,
    );
    expect(sweepHitsStroke(parallel, 2, { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } }, 9)).toBe(
      true,
    );
  });

  it(`agrees with a brute-force distance check on random strokes (seed ${HIT_FUZZ_SEED})`, () => {
    const random = seededRandom(HIT_FUZZ_SEED);
    const coordinate = () => randomBetween(random, -50, 50);
    let hits = 0;
    for (let run = 0; run < 500; run++) {
      const xy = Array.from({ length: 2 * (1 + Math.floor(random() * 6)) }, coordinate);
      const points = stroke(...xy);
      const width = randomBetween(random, 0.5, 10);
      const radius = randomBetween(random, 0.5, 10);
      const from = { x: coordinate(), y: coordinate() };
      const to = { x: coordinate(), y: coordinate() };
      const distance = bruteForceDistance(points, from, to);
      const reach = radius + width / 2;
      // Sampling is only accurate to ~0.05 units; skip cases that close to the edge.
      if (Math.abs(distance - reach) < 0.1) continue;
      const hit = sweepHitsStroke(points, width, { from, to }, radius);
      expect(hit, `run ${run}`).toBe(distance < reach);
      if (hit) hits++;
    }
    expect(hits).toBeGreaterThan(50);
  });
});

describe('the eraser moving over a board', () => {
  const strokes = [
    { id: 'far-left', points: stroke(-500, 0, -400, 0), width: 2 },
    { id: 'crossed', points: stroke(10, -50, 10, 50), width: 2 },
    { id: 'near-miss', points: stroke(0, 20, 100, 20), width: 2 },
    { id: 'touched', points: stroke(90, -5, 90, 5), width: 2 },
  ];

  it('reports the strokes the sweep touched, in board order', () => {
    const sweep = { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } };
    expect(strokesHitBy(strokes, sweep, 5)).toEqual(['crossed', 'touched']);
  });

  it('trusts cached bounds, so a stroke whose cache says "far away" is not even tested', () => {
    const farAway: Bounds = { minX: 1000, minY: 1000, maxX: 1001, maxY: 1001 };
    const cached = strokes.map((s) => ({ ...s, bounds: s.id === 'crossed' ? farAway : undefined }));
    const sweep = { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } };
    expect(strokesHitBy(cached, sweep, 5)).toEqual(['touched']);
  });
});

/** Distance from the eraser path to the stroke's polyline, by sampling the path finely. */
function bruteForceDistance(
  points: Float32Array,
  from: { x: number; y: number },
  to: { x: number; y: number },
): number {
  const SAMPLES = 4000;
  let best = Infinity;
  for (let s = 0; s <= SAMPLES; s++) {
    const t = s / SAMPLES;
    const px = from.x + (to.x - from.x) * t;
    const py = from.y + (to.y - from.y) * t;
    const count = points.length / 3;
    for (let i = 0; i < Math.max(1, count - 1); i++) {
      const j = Math.min(i + 1, count - 1);
      const d = pointSegmentDistanceSq(
        px,
        py,
        points[3 * i] ?? 0,
        points[3 * i + 1] ?? 0,
        points[3 * j] ?? 0,
        points[3 * j + 1] ?? 0,
      );
      best = Math.min(best, d);
    }
  }
  return Math.sqrt(best);
}
