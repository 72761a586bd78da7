import { describe, expect, it } from 'vitest';
import { screenToWorld, type Viewport } from '../model/viewport.ts';
import { wheelViewport, type WheelInput } from './wheel.ts';

const start: Viewport = { x: 100, y: 50, zoom: 2 };

function wheel(input: Partial<WheelInput>): WheelInput {
  return {
    deltaX: 0,
    deltaY: 0,
    deltaMode: 0,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    ...input,
  };
}

describe('wheelViewport', () => {
  it('pans with a plain wheel: scrolling down shows what is below', () => {
    const next = wheelViewport(start, wheel({ deltaX: 20, deltaY: 40 }), { x: 0, y: 0 });
    expect(next).toEqual({ x: 110, y: 70, zoom: 2 });
  });

  it('zooms about the pointer with Ctrl (and a trackpad pinch), keeping the point under it', () => {
    const at = { x: 300, y: 200 };
    const before = screenToWorld(start, at);
    const zoomedIn = wheelViewport(start, wheel({ deltaY: -100, ctrlKey: true }), at);
    expect(zoomedIn.zoom).toBeCloseTo(2 * Math.exp(0.5));
    expect(screenToWorld(zoomedIn, at).x).toBeCloseTo(before.x);
    expect(screenToWorld(zoomedIn, at).y).toBeCloseTo(before.y);
    expect(wheelViewport(start, wheel({ deltaY: 10, metaKey: true }), at).zoom).toBeLessThan(2);
  });

  it('zooms by at most one notch per event however large the delta', () => {
    const huge = wheelViewport(start, wheel({ deltaY: -5000, ctrlKey: true }), { x: 0, y: 0 });
    expect(huge.zoom).toBeCloseTo(2 * Math.exp(0.5));
  });

  it('counts line-mode deltas (Firefox mouse wheels) as 16 px lines', () => {
    expect(wheelViewport(start, wheel({ deltaY: 3, deltaMode: 1 }), { x: 0, y: 0 }).y).toBe(
      50 + 48 / 2,
    );
  });

  it('scrolls sideways with Shift on a plain mouse wheel', () => {
    expect(wheelViewport(start, wheel({ deltaY: 40, shiftKey: true }), { x: 0, y: 0 })).toEqual({
      x: 120,
      y: 50,
      zoom: 2,
    });
  });
});
