import { describe, expect, it } from 'vitest';
import type { Bounds } from '../model/geometry.ts';
import { planDamage } from './damage.ts';
import { cachedStroke } from './test-support/cached-stroke.ts';

const box = (x: number, y: number, size = 20): Bounds => ({
  minX: x,
  minY: y,
  maxX: x + size,
  maxY: y + size,
});

const stroke = (id: string, z: number, bounds: Bounds) => cachedStroke({ id, z, bounds });

describe('planDamage', () => {
  const below = stroke('below', 0, box(0, 0));
  const above = stroke('above', 5, box(10, 10));

  it('draws a stroke over the picture when nothing painted stacks above it where it is', () => {
    const added = stroke('new', 9, box(5, 5));
    expect(planDamage([added], [], [below, above, added])).toEqual({
      overlays: [added],
      regions: [],
    });
  });

  it('repaints the box of a stroke that goes in below one already painted', () => {
    const restored = stroke('restored', 1, box(5, 5));
    expect(planDamage([restored], [], [below, restored, above])).toEqual({
      overlays: [],
      regions: [restored.bounds],
    });
  });

  it('repaints a new stroke with a box it overlaps, so it is not drawn twice there', () => {
    const added = stroke('new', 9, box(5, 5));
    const vacated = box(0, 0, 8);
    expect(planDamage([added], [vacated], [below, above, added])).toEqual({
      overlays: [],
      regions: [vacated, added.bounds],
    });
  });
});
