import { describe, expect, it } from 'vitest';
import { scrollBetween, worldArea } from './scroll.ts';
import type { View } from './view.ts';

const canvas = { width: 1600, height: 1200 };

function view(x: number, y: number, zoom = 1, pixelRatio = 2): View {
  return { viewport: { x, y, zoom }, size: { width: 800, height: 600 }, pixelRatio };
}

describe('scrollBetween', () => {
  it('moves the picture by whole device pixels and repaints the strips that came into view', () => {
    // The camera moved 10 units right and 5 up: the picture moves left 20 and down 10 pixels.
    expect(scrollBetween(view(0, 0), view(10, -5), canvas)).toEqual({
      dx: -20,
      dy: 10,
      exposed: [
        { x: 1580, y: 0, width: 20, height: 1200 },
        { x: 0, y: 0, width: 1600, height: 10 },
      ],
    });
  });

  it('needs no painting when the camera did not move', () => {
    expect(scrollBetween(view(3, 4), view(3, 4), canvas)).toEqual({ dx: 0, dy: 0, exposed: [] });
  });

  it('accepts the rounding error of panning at an awkward zoom', () => {
    const zoom = 1 / 3;
    const from = view(0.1, 0.2, zoom);
    const to = view(0.1 - 7 / zoom / 2, 0.2, zoom); // 7 device px at ratio 2
    expect(scrollBetween(from, to, canvas)).toMatchObject({ dx: 7, dy: 0 });
  });

  it('paints afresh after a zoom, a resize, a move by part of a pixel, or a jump off screen', () => {
    expect(scrollBetween(view(0, 0, 1), view(0, 0, 1.5), canvas)).toBeNull();
    expect(scrollBetween(view(0, 0, 1, 1), view(0, 0, 1, 2), canvas)).toBeNull();
    const resized = { ...view(0, 0), size: { width: 801, height: 600 } };
    expect(scrollBetween(view(0, 0), resized, canvas)).toBeNull();
    expect(scrollBetween(view(0, 0), view(0.25, 0), canvas)).toBeNull();
    expect(scrollBetween(view(0, 0), view(800, 0), canvas)).toBeNull();
  });
});

describe('worldArea', () => {
  it('maps device pixels back to world units', () => {
    expect(worldArea({ x: 100, y: 50, width: 20, height: 10 }, view(5, -5, 2, 2))).toEqual({
      minX: 30,
      minY: 7.5,
      maxX: 35,
      maxY: 10,
    });
  });
});
