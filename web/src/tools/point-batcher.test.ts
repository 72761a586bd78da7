import { describe, expect, it } from 'vitest';
import { APPEND_INTERVAL_MS, PointBatcher } from './point-batcher.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';

function setup() {
  const timers = new ManualClock();
  const batches: number[][] = [];
  const batcher = new PointBatcher<number>(
    (batch) => batches.push(batch),
    APPEND_INTERVAL_MS,
    timers,
  );
  return { timers, batches, batcher };
}

describe('PointBatcher', () => {
  it('sends a pointer moving at 120 Hz about 30 times a second, nothing lost, in order', () => {
    const { timers, batches, batcher } = setup();
    for (let i = 0; i < 120; i++) {
      batcher.push(i);
      timers.advance(1000 / 120);
    }
    batcher.flush();
    expect(batches.length).toBeGreaterThanOrEqual(29);
    expect(batches.length).toBeLessThanOrEqual(32);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('keeps no timer while nothing is waiting', () => {
    const { timers, batcher } = setup();
    expect(timers.pending).toBe(0);
    batcher.push(1);
    expect(timers.pending).toBe(1);
    timers.advance(APPEND_INTERVAL_MS);
    expect(timers.pending).toBe(0);
  });

  it('sends what is waiting at once on flush (pointerup), and nothing twice', () => {
    const { timers, batches, batcher } = setup();
    batcher.push(1, 2);
    batcher.flush();
    expect(batches).toEqual([[1, 2]]);
    timers.advance(100);
    batcher.flush();
    expect(batches).toEqual([[1, 2]]);
  });

  it('drops what is waiting on cancel', () => {
    const { timers, batches, batcher } = setup();
    batcher.push(1);
    batcher.cancel();
    timers.advance(100);
    expect(batches).toEqual([]);
    expect(batcher.pending).toBe(0);
  });
});
