import { describe, expect, it } from 'vitest';
import { RESTING_PRESSURE, hasRealPressure, simulatedPressure } from './pressure.ts';

/** Pressure after moving at `speed` px/ms for `ms`, in steps of `step` ms. */
function glide(speed: number, ms: number, step: number): number {
  let pressure = RESTING_PRESSURE;
  for (let t = 0; t < ms; t += step) {
    pressure = simulatedPressure(
      pressure,
      { x: t * speed, y: 0, time: t },
      { x: (t + step) * speed, y: 0, time: t + step },
    );
  }
  return pressure;
}

describe('simulated pressure', () => {
  it('thickens a slow line and thins a fast one', () => {
    expect(glide(0.05, 200, 8)).toBeGreaterThan(0.6);
    expect(glide(3, 200, 8)).toBeLessThan(0.35);
  });

  it('does not depend on how many events the browser coalesced', () => {
    expect(glide(1, 96, 4)).toBeCloseTo(glide(1, 96, 16), 6);
  });

  it('stays in 0..1 and keeps the last value for samples with no time between them', () => {
    const at = { x: 0, y: 0, time: 5 };
    expect(simulatedPressure(0.42, at, { x: 100, y: 0, time: 5 })).toBe(0.42);
    expect(glide(1000, 500, 1)).toBeGreaterThanOrEqual(0);
  });
});

describe('real pressure', () => {
  it('is trusted from pens only, and not a pen reporting 0 in contact', () => {
    expect(hasRealPressure('pen', 0.7)).toBe(true);
    expect(hasRealPressure('pen', 0)).toBe(false);
    expect(hasRealPressure('mouse', 0.5)).toBe(false);
    expect(hasRealPressure('touch', 1)).toBe(false);
  });
});
