import { describe, expect, it } from 'vitest';
import { medianOf } from './median.ts';

describe('medianOf', () => {
  it('takes the median of each figure on its own, not of one whole run', () => {
    const runs = [
      { cpu: 30, latency: { p50: 1, p99: 200 }, complete: true },
      { cpu: 40, latency: { p50: 9, p99: 60 }, complete: true },
      { cpu: 35, latency: { p50: 2, p99: 90 }, complete: true },
    ];
    expect(medianOf(runs)).toEqual({ cpu: 35, latency: { p50: 2, p99: 90 }, complete: true });
  });

  it('averages the middle two of an even count, and a flag holds only if it held in every run', () => {
    expect(
      medianOf([
        { cpu: 10, complete: true },
        { cpu: 20, complete: false },
      ]),
    ).toEqual({ cpu: 15, complete: false });
  });

  it('gives a single run back unchanged', () => {
    const run = { rooms: 50, convergedRooms: 50, steady: { sent: 5000 } };
    expect(medianOf([run])).toEqual(run);
  });
});
