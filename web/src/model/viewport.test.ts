import { describe, expect, it } from 'vitest';
import {
  MAX_ZOOM,
  MIN_ZOOM,
  fitBounds,
  panBy,
  screenToWorld,
  visibleBounds,
  worldToScreen,
  zoomAbout,
  type Viewport,
} from './viewport.ts';

const SCREEN = { width: 1200, height: 800 };

function expectVecClose(actual: { x: number; y: number }, expected: { x: number; y: number }) {
  expect(actual.x).toBeCloseTo(expected.x, 6);
  expect(actual.y).toBeCloseTo(expected.y, 6);
}

describe('the camera', () => {
  const view: Viewport = { x: -300, y: 150, zoom: 2.5 };

  it('maps screen to world and back', () => {
    const screen = { x: 640, y: 123 };
    expectVecClose(worldToScreen(view, screenToWorld(view, screen)), screen);
    expect(screenToWorld(view, { x: 0, y: 0 })).toEqual({ x: -300, y: 150 });
    expect(screenToWorld(view, { x: 250, y: 25 })).toEqual({ x: -200, y: 160 });
  });

  it('keeps the point under the cursor in place while zooming in and out', () => {
    const cursor = { x: 913, y: 77 };
    const under = screenToWorld(view, cursor);
    for (const factor of [1.1, 0.9, 3, 0.01, 1000]) {
      const zoomed = zoomAbout(view, cursor, factor);
      expectVecClose(screenToWorld(zoomed, cursor), under);
    }
  });

  it('stops zooming at the limits', () => {
    const cursor = { x: 10, y: 10 };
    expect(zoomAbout(view, cursor, 1e6).zoom).toBe(MAX_ZOOM);
    expect(zoomAbout(view, cursor, 1e-6).zoom).toBe(MIN_ZOOM);
    const atMax = zoomAbout(view, cursor, 1e6);
    expect(zoomAbout(atMax, cursor, 2)).toEqual(atMax);
  });

  it('rejects a zoom factor that is not a positive number', () => {
    for (const factor of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => zoomAbout(view, { x: 0, y: 0 }, factor)).toThrow(RangeError);
    }
  });

  it('pans with the pointer: the world point grabbed stays under it', () => {
    const grab = { x: 100, y: 100 };
    const grabbed = screenToWorld(view, grab);
    const moved = panBy(view, { x: 40, y: -25 });
    expectVecClose(worldToScreen(moved, grabbed), { x: 140, y: 75 });
  });

  it('knows which part of the world is on screen', () => {
    expect(visibleBounds(view, SCREEN)).toEqual({ minX: -300, minY: 150, maxX: 180, maxY: 470 });
  });
});

describe('zoom to fit', () => {
  it('shows the whole drawing centred, with the padding around it', () => {
    const bounds = { minX: 100, minY: -50, maxX: 500, maxY: 150 };
    const view = fitBounds(SCREEN, bounds, 40);
    // Width decides: (1200 - 80) / 400 = 2.8; height would allow (800 - 80) / 200 = 3.6.
    expect(view.zoom).toBeCloseTo(2.8, 10);
    expectVecClose(worldToScreen(view, { x: 100, y: -50 }), { x: 40, y: 120 });
    expectVecClose(worldToScreen(view, { x: 500, y: 150 }), { x: 1160, y: 680 });
  });

  it('zooms no further than the limits for a single dot or a huge board', () => {
    const dot = { minX: 10, minY: 10, maxX: 10, maxY: 10 };
    const view = fitBounds(SCREEN, dot, 40);
    expect(view.zoom).toBe(MAX_ZOOM);
    expectVecClose(worldToScreen(view, { x: 10, y: 10 }), { x: 600, y: 400 });
    expect(fitBounds(SCREEN, { minX: 0, minY: 0, maxX: 1e7, maxY: 1 }, 0).zoom).toBe(MIN_ZOOM);
  });

  it('copes with a window smaller than its padding', () => {
    const view = fitBounds({ width: 50, height: 50 }, { minX: 0, minY: 0, maxX: 10, maxY: 10 }, 40);
    expect(Number.isFinite(view.x) && Number.isFinite(view.zoom)).toBe(true);
  });
});
