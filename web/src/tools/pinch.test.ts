import { describe, expect, it } from 'vitest';
import { screenToWorld, type Viewport } from '../model/viewport.ts';
import { pinchViewport } from './pinch.ts';

const initial: Viewport = { x: -50, y: 20, zoom: 1 };

describe('pinchViewport', () => {
  it('doubles the zoom when the fingers spread to twice the distance, about their midpoint', () => {
    const start = [
      { x: 100, y: 100 },
      { x: 200, y: 100 },
    ] as const;
    const now = [
      { x: 50, y: 100 },
      { x: 250, y: 100 },
    ] as const;
    const next = pinchViewport(initial, start, now);
    expect(next.zoom).toBeCloseTo(2);
    const middle = { x: 150, y: 100 };
    expect(screenToWorld(next, middle)).toEqual(screenToWorld(initial, middle));
  });

  it('pans with the fingers when they move together', () => {
    const start = [
      { x: 100, y: 100 },
      { x: 200, y: 100 },
    ] as const;
    const now = [
      { x: 130, y: 140 },
      { x: 230, y: 140 },
    ] as const;
    expect(pinchViewport(initial, start, now)).toEqual({ x: -80, y: -20, zoom: 1 });
  });

  it('keeps the zoom when both fingers start on one spot', () => {
    const spot = { x: 10, y: 10 };
    expect(pinchViewport(initial, [spot, spot], [spot, { x: 90, y: 10 }]).zoom).toBe(1);
  });
});
