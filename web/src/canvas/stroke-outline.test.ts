import { describe, expect, it } from 'vitest';
import { strokeBounds } from '../model/geometry.ts';
import {
  inkOutline,
  inkPoints,
  strokePathData,
  traceOutline,
  type PathSink,
} from './stroke-outline.ts';

/** A horizontal stroke from (0, 0) to (99, 0) at constant pressure 0.5. */
const line = Float32Array.from(Array.from({ length: 100 }, (_, i) => [i, 0, 0.5]).flat());

class Recorder implements PathSink {
  calls: string[] = [];
  moveTo(x: number, y: number) {
    this.calls.push(`M ${x},${y}`);
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number) {
    this.calls.push(`Q ${cx},${cy} ${x},${y}`);
  }
  closePath() {
    this.calls.push('Z');
  }
}

describe('traceOutline', () => {
  it('passes through every edge midpoint with the vertices as control points, and closes', () => {
    const sink = new Recorder();
    traceOutline(sink, [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ]);
    expect(sink.calls).toEqual([
      'M 0,5',
      'Q 0,0 5,0',
      'Q 10,0 10,5',
      'Q 10,10 5,10',
      'Q 0,10 0,5',
      'Z',
    ]);
  });

  it('draws nothing for fewer than three vertices', () => {
    const sink = new Recorder();
    traceOutline(sink, [[1, 1]]);
    expect(sink.calls).toEqual([]);
  });
});

describe('the ink of a stroke', () => {
  it('is as wide as the stroke at pressure 0.5, within its hit-test bounds', () => {
    const outline = inkOutline(inkPoints(line), 8, true);
    const ys = outline.map(([, y]) => y ?? 0);
    const xs = outline.map(([x]) => x ?? 0);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(8, 0);
    const bounds = strokeBounds({ points: line, width: 8 })!;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(bounds.minX - 0.5);
    expect(Math.max(...xs)).toBeLessThanOrEqual(bounds.maxX + 0.5);
  });

  it('is thicker where the pen pressed harder', () => {
    const heavy = Float32Array.from(line.map((v, i) => (i % 3 === 2 ? 1 : v)));
    const height = (points: Float32Array) => {
      const ys = inkOutline(inkPoints(points), 8, true).map(([, y]) => y ?? 0);
      return Math.max(...ys) - Math.min(...ys);
    };
    expect(height(heavy)).toBeGreaterThan(height(line) * 1.3);
  });

  it('leaves a dot for a single click', () => {
    const outline = inkOutline(inkPoints(Float32Array.of(5, 5, 0.5)), 10, true);
    expect(outline.length).toBeGreaterThan(8);
  });

  it('is SVG path data with two decimals at most, or empty for no points', () => {
    const d = strokePathData(line, 4, true);
    expect(d).toMatch(/^M-?[\d.]+ -?[\d.]+(Q(-?[\d.]+ ){3}-?[\d.]+)+Z$/);
    expect(d).not.toMatch(/\.\d{3}/);
    expect(strokePathData(new Float32Array(), 4, true)).toBe('');
  });
});
