import { describe, expect, it } from 'vitest';
import { transformPatchFor, type BoxElement } from './elements.ts';
import {
  IDENTITY,
  applyToPoint,
  compose,
  invert,
  normalizeAngle,
  resizeAbout,
  rotateAbout,
  rotation,
  rotationOf,
  scalingAbout,
  snapAngle,
  transformPoints,
  translation,
  type Affine,
} from './transform.ts';

const close = (m: Affine, expected: Affine) =>
  m.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!));

describe('affine matrices', () => {
  it('compose right to left, and a matrix times its inverse is the identity', () => {
    const turn = rotateAbout({ x: 10, y: 5 }, 0.7);
    const moved = compose(translation(3, -2), turn);
    const p = applyToPoint(moved, { x: 1, y: 2 });
    const q = applyToPoint(turn, { x: 1, y: 2 });
    expect(p.x).toBeCloseTo(q.x + 3);
    expect(p.y).toBeCloseTo(q.y - 2);
    close(compose(moved, invert(moved)!), IDENTITY);
    expect(invert([0, 0, 0, 0, 1, 1])).toBeNull();
  });

  it('rotating about a centre keeps the centre', () => {
    const centre = { x: 40, y: -7 };
    const at = applyToPoint(rotateAbout(centre, 2.1), centre);
    expect(at.x).toBeCloseTo(40);
    expect(at.y).toBeCloseTo(-7);
    const quarter = applyToPoint(rotateAbout({ x: 0, y: 0 }, Math.PI / 2), { x: 1, y: 0 });
    expect(quarter.x).toBeCloseTo(0);
    expect(quarter.y).toBeCloseTo(1); // clockwise on screen: +x turns to +y (down)
  });

  it('maps x, y of point triples and keeps pressure', () => {
    const points = new Float32Array([1, 2, 0.5, 3, 4, 0.25]);
    expect([...transformPoints(points, translation(10, 20))]).toEqual([11, 22, 0.5, 13, 24, 0.25]);
    expect(transformPoints(points, IDENTITY)).toBe(points);
  });
});

describe('resizing about a corner', () => {
  const box = { minX: 0, minY: 0, maxX: 100, maxY: 50 };

  it('keeps the opposite corner where it is and takes the dragged one to the pointer', () => {
    const m = resizeAbout(box, 'se', { x: 200, y: 75 }, false);
    expect(applyToPoint(m, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    expect(applyToPoint(m, { x: 100, y: 50 })).toEqual({ x: 200, y: 75 });
  });

  it('with Shift keeps the ratio, the larger scale winning', () => {
    const m = resizeAbout(box, 'nw', { x: -100, y: 40 }, true);
    const corner = applyToPoint(m, { x: 0, y: 0 });
    expect(corner).toEqual({ x: -100, y: -50 });
  });

  it('leaves an axis with no extent unscaled instead of dividing by zero', () => {
    const flat = { minX: 0, minY: 10, maxX: 100, maxY: 10 };
    const m = resizeAbout(flat, 'se', { x: 50, y: 90 }, false);
    expect(m.every(Number.isFinite)).toBe(true);
    expect(applyToPoint(m, { x: 100, y: 10 })).toEqual({ x: 50, y: 10 });
  });
});

describe('angles', () => {
  it('snap to 15° and normalise into (-π, π]', () => {
    expect(snapAngle(0.27)).toBeCloseTo(Math.PI / 12);
    expect(snapAngle(-0.1)).toBeCloseTo(0);
    expect(normalizeAngle(3 * Math.PI)).toBeCloseTo(Math.PI);
    expect(normalizeAngle(-Math.PI / 2 - 4 * Math.PI)).toBeCloseTo(-Math.PI / 2);
  });
});

describe('the turn of a matrix', () => {
  it('is its angle when it only turns and scales, flips keeping up; none when it shears', () => {
    const turn = 0.7;
    expect(rotationOf(rotation(turn))).toBeCloseTo(turn, 12);
    // Stretched along its own axes after the turn, and moved: still the same turn.
    const stretched = compose(
      translation(40, -3),
      compose(rotation(turn), scalingAbout({ x: 0, y: 0 }, 3, 0.5)),
    );
    expect(rotationOf(stretched)).toBeCloseTo(turn, 12);
    // Mirrored left to right, up stays up: no turn.
    expect(rotationOf([-1, 0, 0, 1, 0, 0])).toBeCloseTo(0, 12);
    // Stretched along the world's axes after the turn: a shear, which no frame angle describes.
    expect(rotationOf(compose(scalingAbout({ x: 0, y: 0 }, 3, 1), rotation(turn)))).toBeNull();
  });
});

describe('a box through a world transform', () => {
  const box = { type: 'rect', x: 0, y: 0, w: 100, h: 50, rot: 0 } as BoxElement;

  it('turns about its centre keeping its size, and scales with a resize', () => {
    const turned = transformPatchFor(box, rotateAbout({ x: 50, y: 25 }, Math.PI / 2));
    expect(turned.kind).toBe('box');
    if (turned.kind !== 'box') return;
    expect(turned.x).toBeCloseTo(0);
    expect(turned.y).toBeCloseTo(0);
    expect(turned.w).toBeCloseTo(100);
    expect(turned.rot).toBeCloseTo(Math.PI / 2);
    const grown = transformPatchFor(
      box,
      resizeAbout({ minX: 0, minY: 0, maxX: 100, maxY: 50 }, 'se', { x: 200, y: 200 }, false),
    );
    expect(grown).toEqual({ kind: 'box', x: 0, y: 0, w: 200, h: 200, rot: 0 });
  });

  it('flipped past its anchor, stays a box of positive size where it was dragged', () => {
    const flipped = transformPatchFor(
      box,
      resizeAbout({ minX: 0, minY: 0, maxX: 100, maxY: 50 }, 'se', { x: -100, y: 50 }, false),
    );
    expect(flipped.kind).toBe('box');
    if (flipped.kind !== 'box') return;
    expect(flipped.w).toBeCloseTo(100);
    expect(flipped.x).toBeCloseTo(-100);
    expect(flipped.rot).toBeCloseTo(0);
  });
});
