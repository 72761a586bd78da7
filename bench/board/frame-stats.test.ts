import { describe, expect, it } from 'vitest';
import { quantile, summarizeFrames } from './frame-stats.ts';

describe('frame statistics', () => {
  it('takes nearest-rank quantiles, so p95 of 20 frames is the 19th slowest-but-one', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(10);
    expect(quantile(sorted, 0.95)).toBe(19);
    expect(quantile(sorted, 1)).toBe(20);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('summarizes whole frames, drawing plus rasterizing', () => {
    const stats = summarizeFrames([
      { time: 0, jsMs: 1, totalMs: 4 },
      { time: 16, jsMs: 2, totalMs: 60 },
      { time: 33, jsMs: 1, totalMs: 5 },
    ]);
    expect(stats).toEqual({ frames: 3, p50Ms: 5, p95Ms: 60, maxMs: 60, jsP50Ms: 1 });
  });
});
