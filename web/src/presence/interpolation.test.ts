import { describe, expect, it } from 'vitest';
import type { Vec } from '../model/geometry.ts';
import { approach, CURSOR_SMOOTHING, inWorldUnits, isSettled } from './interpolation.ts';

const distance = (a: Vec, b: Vec) => Math.hypot(a.x - b.x, a.y - b.y);

function run(from: Vec, to: Vec, frameMs: number, totalMs: number): Vec[] {
  const path = [from];
  let at = from;
  for (let t = 0; t < totalMs; t += frameMs) {
    at = approach(at, to, frameMs, CURSOR_SMOOTHING);
    path.push(at);
  }
  return path;
}

describe('approach', () => {
  it('converges on the target and then sits exactly on it', () => {
    const target = { x: 300, y: -120 };
    const path = run({ x: 0, y: 0 }, target, 16, 1000);
    expect(path.at(-1)).toEqual(target);
    expect(isSettled(path.at(-1) ?? { x: 0, y: 0 }, target)).toBe(true);
  });

  it('gets closer every frame and never overshoots', () => {
    const target = { x: 200, y: 100 };
    const path = run({ x: 0, y: 0 }, target, 16, 600);
    for (let i = 1; i < path.length; i++) {
      const before = path[i - 1] ?? target;
      const after = path[i] ?? target;
      expect(distance(after, target)).toBeLessThanOrEqual(distance(before, target));
      expect(after.x).toBeLessThanOrEqual(target.x);
    }
  });

  it('arrives from 400 units away within a third of a second', () => {
    const target = { x: 400, y: 0 };
    const path = run({ x: 0, y: 0 }, target, 16, 320);
    expect(path.at(-1)).toEqual(target);
  });

  it('lands in the same place whatever the frame rate', () => {
    const target = { x: 100, y: 50 };
    const at60 = run({ x: 0, y: 0 }, target, 16, 48).at(-1);
    const at120 = run({ x: 0, y: 0 }, target, 8, 48).at(-1);
    expect(at60?.x).toBeCloseTo(at120?.x ?? NaN, 6);
    expect(at60?.y).toBeCloseTo(at120?.y ?? NaN, 6);
  });

  it('snaps across long jumps instead of sweeping the screen', () => {
    const target = { x: 5000, y: 0 };
    expect(approach({ x: 0, y: 0 }, target, 16, CURSOR_SMOOTHING)).toEqual(target);
  });

  it('takes a gentle first step after a pause rather than jumping', () => {
    const next = approach({ x: 0, y: 0 }, { x: 100, y: 0 }, 10_000, CURSOR_SMOOTHING);
    expect(next.x).toBeGreaterThan(0);
    expect(next.x).toBeLessThan(100);
  });

  it('does not move for a zero or negative step', () => {
    expect(approach({ x: 1, y: 1 }, { x: 100, y: 0 }, 0, CURSOR_SMOOTHING)).toEqual({ x: 1, y: 1 });
    expect(approach({ x: 1, y: 1 }, { x: 100, y: 0 }, -5, CURSOR_SMOOTHING)).toEqual({
      x: 1,
      y: 1,
    });
  });

  it('measures settle and snap distances on screen, whatever the zoom', () => {
    const zoomedOut = inWorldUnits(CURSOR_SMOOTHING, 0.1);
    // 2000 world units is 200 px at 0.1×: near enough to glide.
    const glided = approach({ x: 0, y: 0 }, { x: 2000, y: 0 }, 16, zoomedOut);
    expect(glided.x).toBeGreaterThan(0);
    expect(glided.x).toBeLessThan(2000);
    const zoomedIn = inWorldUnits(CURSOR_SMOOTHING, 10);
    // 0.02 units is 0.2 px at 10×: close enough to count as there.
    expect(approach({ x: 0, y: 0 }, { x: 0.02, y: 0 }, 16, zoomedIn)).toEqual({ x: 0.02, y: 0 });
  });
});
