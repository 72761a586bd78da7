import { describe, expect, it } from 'vitest';
import {
  detailAt,
  hairlineStep,
  hairlineWidth,
  traceHairline,
  type LineSink,
} from './level-of-detail.ts';

class Recorder implements LineSink {
  calls: string[] = [];
  moveTo(x: number, y: number) {
    this.calls.push(`M ${x},${y}`);
  }
  lineTo(x: number, y: number) {
    this.calls.push(`L ${x},${y}`);
  }
}

const box = (width: number, height: number) => ({ minX: 0, minY: 0, maxX: width, maxY: height });

describe('detailAt', () => {
  it('fills the outline of ink wider than a device pixel', () => {
    expect(detailAt({ width: 4, bounds: box(200, 50) }, 1)).toBe('outline');
    // 4 units at 10 % on a 2× screen: 0.8 device pixels.
    expect(detailAt({ width: 4, bounds: box(200, 50) }, 0.2)).toBe('hairline');
  });

  it('draws a stroke smaller than a pixel each way as a speck', () => {
    expect(detailAt({ width: 4, bounds: box(30, 12) }, 0.03)).toBe('speck');
    expect(detailAt({ width: 4, bounds: box(40, 12) }, 0.03)).toBe('hairline');
  });
});

describe('hairlineStep', () => {
  it('is half to one device pixel, and a power of two', () => {
    expect(hairlineStep(1)).toBe(1);
    expect(hairlineStep(0.1)).toBe(8);
    expect(hairlineStep(0.125)).toBe(8);
    expect(hairlineStep(0.13)).toBe(4);
  });
});

describe('traceHairline', () => {
  const samples = (...xy: number[][]) => Float32Array.from(xy.flatMap(([x, y]) => [x!, y!, 0.5]));

  it('leaves out samples too close to the last one kept, but always ends at the last', () => {
    const sink = new Recorder();
    traceHairline(sink, samples([0, 0], [1, 0], [3, 0], [3.5, 0], [4, 0]), 2);
    expect(sink.calls).toEqual(['M 0,0', 'L 3,0', 'L 4,0']);
  });

  it('keeps every sample when they are farther apart than the step', () => {
    const sink = new Recorder();
    traceHairline(sink, samples([0, 0], [5, 0], [5, 5]), 2);
    expect(sink.calls).toEqual(['M 0,0', 'L 5,0', 'L 5,5']);
  });

  it('traces a single sample as a dot and nothing as nothing', () => {
    const dot = new Recorder();
    traceHairline(dot, samples([7, 8]), 1);
    expect(dot.calls).toEqual(['M 7,8', 'L 7,8']);
    const none = new Recorder();
    traceHairline(none, new Float32Array(), 1);
    expect(none.calls).toEqual([]);
  });
});

describe('hairlineWidth', () => {
  it('follows the mean pressure as the outline does, plus 20 % for what Skia leaves out', () => {
    expect(hairlineWidth(Float32Array.from([0, 0, 0.5, 1, 1, 0.5]), 4)).toBeCloseTo(4.8, 9);
    expect(hairlineWidth(Float32Array.from([0, 0, 0.5, 1, 1, 1]), 4)).toBeCloseTo(6, 9);
    expect(hairlineWidth(new Float32Array(), 4)).toBeCloseTo(4.8, 9);
  });
});
