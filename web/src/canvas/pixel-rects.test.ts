import { describe, expect, it } from 'vitest';
import {
  clipRect,
  deviceRectOf,
  pictureTransform,
  rectsIntersect,
  shiftRects,
  tilesOf,
} from './pixel-rects.ts';
import type { View } from './view.ts';

const view = (x: number, y: number, zoom: number, pixelRatio = 2): View => ({
  viewport: { x, y, zoom },
  size: { width: 400, height: 300 },
  pixelRatio,
});

describe('tilesOf', () => {
  it('covers the canvas exactly, middle first', () => {
    const tiles = tilesOf({ width: 300, height: 200 }, 128);
    expect(tiles).toHaveLength(6);
    expect(tiles.reduce((area, t) => area + t.width * t.height, 0)).toBe(300 * 200);
    expect(tiles[0]).toEqual({ x: 128, y: 0, width: 128, height: 128 });
    expect(tiles.at(-1)).toEqual({ x: 256, y: 128, width: 44, height: 72 });
  });
});

describe('shiftRects', () => {
  it('moves rectangles with the picture and cuts them to the canvas', () => {
    const canvas = { width: 100, height: 100 };
    const rects = [
      { x: 0, y: 0, width: 50, height: 50 },
      { x: 60, y: 60, width: 40, height: 40 },
    ];
    expect(shiftRects(rects, -30, 10, canvas)).toEqual([
      { x: 0, y: 10, width: 20, height: 50 },
      { x: 30, y: 70, width: 40, height: 30 },
    ]);
    expect(shiftRects(rects, 100, 0, canvas)).toEqual([]);
  });
});

describe('deviceRectOf', () => {
  it('covers a world box in whole device pixels, one more each way for anti-aliasing', () => {
    const box = { minX: 10.2, minY: 20, maxX: 30, maxY: 25.6 };
    // Scale 2 (zoom 1 on a 2× screen), camera at (0, 0).
    expect(deviceRectOf(box, view(0, 0, 1), { width: 800, height: 600 })).toEqual({
      x: 19,
      y: 39,
      width: 42,
      height: 14,
    });
    expect(deviceRectOf(box, view(1000, 0, 1), { width: 800, height: 600 })).toBeNull();
  });
});

describe('clipRect and rectsIntersect', () => {
  it('keep what is on the canvas, and tell touching from overlapping', () => {
    expect(clipRect({ x: -5, y: 5, width: 10, height: 10 }, { width: 8, height: 8 })).toEqual({
      x: 0,
      y: 5,
      width: 5,
      height: 3,
    });
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(rectsIntersect(a, { x: 9, y: 9, width: 5, height: 5 })).toBe(true);
    expect(rectsIntersect(a, { x: 10, y: 0, width: 5, height: 5 })).toBe(false);
  });
});

describe('pictureTransform', () => {
  it('maps the pixel of a world point in one view onto its pixel in another', () => {
    const from = view(100, 50, 0.5);
    const to = view(120, 40, 2);
    const [s, tx, ty] = pictureTransform(from, to);
    const world = { x: 130, y: 70 };
    const fromPixel = { x: (world.x - 100) * 0.5 * 2, y: (world.y - 50) * 0.5 * 2 };
    const toPixel = { x: (world.x - 120) * 2 * 2, y: (world.y - 40) * 2 * 2 };
    expect(fromPixel.x * s + tx).toBeCloseTo(toPixel.x, 9);
    expect(fromPixel.y * s + ty).toBeCloseTo(toPixel.y, 9);
  });
});
