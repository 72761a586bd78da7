import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bounds } from '../model/geometry.ts';
import { strokesIn } from './render-strokes.ts';
import type { CachedStroke } from './stroke-cache.ts';
import { cachedStroke } from './test-support/cached-stroke.ts';
import {
  FRAME_BUDGET,
  MAX_DAMAGE,
  SETTLE_MS,
  StrokesLayer,
  type StrokeSource,
} from './strokes-layer.ts';
import type { View } from './view.ts';

/** Just enough of a 2D context to see what the layer does with it. */
class FakeContext {
  readonly calls: string[] = [];
  readonly canvas: { width: number; height: number };
  fillStyle = '';
  strokeStyle = '';
  lineWidth = 1;
  lineCap = 'butt';
  globalCompositeOperation = 'source-over';
  constructor(width: number, height: number) {
    this.canvas = { width, height };
  }
  setTransform() {}
  save() {}
  restore() {}
  beginPath() {}
  rect() {}
  clip() {}
  clearRect(x: number, y: number, w: number, h: number) {
    this.calls.push(`clear ${x},${y} ${w}x${h}`);
  }
  drawImage() {
    this.calls.push('drawImage');
  }
  fill() {
    this.calls.push(`fill ${this.fillStyle}`);
  }
  stroke() {
    this.calls.push(`stroke ${this.strokeStyle}`);
  }
  fillRect() {
    this.calls.push(`speck ${this.fillStyle}`);
  }
  paints(): string[] {
    return this.calls.filter((call) => /^(fill|stroke|speck) /.test(call));
  }
}

class FakePath {
  moveTo() {}
  lineTo() {}
  quadraticCurveTo() {}
  closePath() {}
}

function stroke(id: string, z: number, box: Bounds, width = 4): CachedStroke {
  const points = Float32Array.from([box.minX, box.minY, 0.5, box.maxX, box.maxY, 0.5]);
  return cachedStroke({ id, z, color: id, width, points, bounds: box });
}

const box = (x: number, y: number, size = 20): Bounds => ({
  minX: x,
  minY: y,
  maxX: x + size,
  maxY: y + size,
});

function source(strokes: CachedStroke[]): StrokeSource {
  return {
    ordered: () => strokes,
    get: (id) => strokes.find((s) => s.id === id),
    finishedIn: (area) => strokesIn(strokes, area),
    finishedInAtMost: (area, limit) => {
      const found = strokesIn(strokes, area);
      return found.length > limit ? null : found;
    },
  };
}

const view = (zoom = 1, x = 0, y = 0): View => ({
  viewport: { x, y, zoom },
  size: { width: 400, height: 300 },
  pixelRatio: 1,
});

function setup(strokes: CachedStroke[]) {
  const ctx = new FakeContext(400, 300);
  const standIns: FakeContext[] = [];
  const layer = new StrokesLayer(source(strokes), () => {
    const standIn = new FakeContext(0, 0);
    standIns.push(standIn);
    return { getContext: () => standIn } as unknown as HTMLCanvasElement;
  });
  const draw = (v: View, now: number) =>
    layer.draw(ctx as unknown as CanvasRenderingContext2D, v, (c) => c, now);
  return { ctx, layer, draw, standIns };
}

beforeEach(() => {
  vi.stubGlobal('Path2D', FakePath);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('StrokesLayer', () => {
  it('paints a small board completely in its first frame', () => {
    const { ctx, draw } = setup([stroke('a', 0, box(10, 10)), stroke('b', 1, box(300, 200))]);
    expect(draw(view(), 0)).toBeNull();
    // Tile by tile, middle first; in drawing order within each tile.
    expect(ctx.paints().sort()).toEqual(['fill a', 'fill b']);
  });

  it('spreads a big repaint over frames, each within the budget', () => {
    const strokes = Array.from({ length: 2000 }, (_, i) =>
      stroke(`s${i}`, i, box((i * 7) % 380, (i * 13) % 280, 4)),
    );
    const { ctx, draw } = setup(strokes);
    let frames = 1;
    let drawn = 0;
    const perFrame = () => {
      const count = ctx.paints().length - drawn;
      drawn = ctx.paints().length;
      return count;
    };
    // An outline costs 25 units to fill (and 60 more to build the first time).
    while (draw(view(), 0) !== null) {
      expect(perFrame()).toBeLessThanOrEqual(FRAME_BUDGET / 25);
      frames++;
    }
    expect(perFrame()).toBeLessThanOrEqual(FRAME_BUDGET / 25);
    expect(frames).toBeGreaterThan((2000 * 85) / FRAME_BUDGET);
    // Tiles share strokes that cross their edges, but every stroke is drawn.
    expect(new Set(ctx.paints()).size).toBe(2000);
  });

  it('while zooming shows the last picture scaled, and repaints once the zoom settles', () => {
    const { ctx, draw, standIns } = setup([stroke('a', 0, box(10, 10))]);
    draw(view(1), 0);
    ctx.calls.length = 0;

    expect(draw(view(1.2), 1000)).toBe(SETTLE_MS);
    expect(standIns).toHaveLength(1);
    expect(ctx.calls).toEqual(['clear 0,0 400x300', 'drawImage']);
    expect(draw(view(1.5), 1050)).toBe(SETTLE_MS);
    // The first picture stays the stand-in: it is sharper than a scaled copy of itself.
    expect(standIns[0]?.calls).toEqual(['drawImage']);

    expect(draw(view(1.5), 1050 + SETTLE_MS)).toBeNull();
    expect(ctx.paints()).toEqual(['fill a']);
  });

  it('moves the picture when panning, painting only what comes into view', () => {
    const { ctx, draw } = setup([stroke('a', 0, box(10, 10)), stroke('b', 1, box(395, 10))]);
    draw(view(), 0);
    ctx.calls.length = 0;
    // Ten units right: stroke b, across the right edge, is in the strip that came into view.
    expect(draw(view(1, 10, 0), 16)).toBeNull();
    expect(ctx.calls).toContain('drawImage');
    expect(ctx.paints()).toEqual(['fill b']);
  });

  it('draws a stroke finished on top of the board over the picture, repainting nothing', () => {
    const strokes = [stroke('a', 0, box(10, 10))];
    const { ctx, layer, draw } = setup(strokes);
    draw(view(), 0);
    ctx.calls.length = 0;
    const added = stroke('b', 1, box(15, 15));
    strokes.push(added);
    layer.noteChange({ finished: true, live: true, appeared: [added], vacated: [] });
    expect(draw(view(), 16)).toBeNull();
    expect(ctx.calls).toEqual(['fill b']);
  });

  it('repaints just the box of an erased stroke', () => {
    const erased = stroke('a', 0, box(10, 10));
    const strokes = [erased, stroke('b', 1, box(20, 20)), stroke('c', 2, box(200, 200))];
    const { ctx, layer, draw } = setup(strokes);
    draw(view(), 0);
    ctx.calls.length = 0;
    strokes.shift();
    layer.noteChange({ finished: true, live: false, appeared: [], vacated: [erased.bounds!] });
    expect(draw(view(), 16)).toBeNull();
    expect(ctx.calls).toEqual(['clear 9,9 22x22', 'fill b']);
  });

  it(`repaints only the tiles of the area where more than ${MAX_DAMAGE} strokes moved`, () => {
    const moved = Array.from({ length: MAX_DAMAGE }, (_, i) => stroke(`s${i}`, i, box(10, 10, 5)));
    const far = stroke('far', MAX_DAMAGE, box(300, 200));
    const strokes = [...moved, far];
    const { ctx, layer, draw } = setup(strokes);
    for (let i = 0; i < 20 && draw(view(), 0) !== null; i++);
    ctx.calls.length = 0;
    const placed = moved.map((s) => ({ ...s, bounds: box(30, 30, 5) }));
    strokes.splice(0, MAX_DAMAGE, ...placed);
    layer.noteChange({
      finished: true,
      live: false,
      appeared: placed,
      vacated: moved.map((s) => s.bounds!),
    });
    let frames = 1;
    while (draw(view(), 16) !== null && frames < 20) frames++;
    expect(frames).toBeLessThan(20);
    expect(ctx.paints()).toContain('fill s0');
    expect(ctx.paints()).not.toContain('fill far');
  });

  it('paints everything again, tile by tile, in another theme', () => {
    const { ctx, layer, draw } = setup([stroke('a', 0, box(10, 10))]);
    draw(view(), 0);
    ctx.calls.length = 0;
    layer.repaintAll();
    expect(draw(view(), 16)).toBeNull();
    expect(ctx.paints()).toEqual(['fill a']);
  });
});
