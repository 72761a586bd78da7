import { describe, expect, it } from 'vitest';
import { loadBenchConfig } from './config.ts';

describe('client benchmark settings', () => {
  it('default to 1,000, 10,000 and 50,000 strokes and 60 wheel steps', () => {
    const config = loadBenchConfig({});
    expect(config.sizes).toEqual([1000, 10_000, 50_000]);
    expect(config.steps).toBe(60);
    expect(config.mixed).toEqual([10_000]);
  });

  it('skip a kind of board given none', () => {
    const config = loadBenchConfig({ BENCH_CLIENT_SIZES: 'none', BENCH_CLIENT_MIXED: '2000' });
    expect(config.sizes).toEqual([]);
    expect(config.mixed).toEqual([2000]);
  });

  it('take sizes from BENCH_CLIENT_SIZES, and name the variable when one is wrong', () => {
    expect(loadBenchConfig({ BENCH_CLIENT_SIZES: '20, 40' }).sizes).toEqual([20, 40]);
    expect(() => loadBenchConfig({ BENCH_CLIENT_SIZES: '1000,10k' })).toThrow(
      'BENCH_CLIENT_SIZES: expected whole numbers from 1, got 10k',
    );
    expect(() => loadBenchConfig({ BENCH_CLIENT_STEPS: '0' })).toThrow('BENCH_CLIENT_STEPS');
  });
});
