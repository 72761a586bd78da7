import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  elementCorners,
  readElement,
  setTransform,
  transformPatchFor,
  type ElementView,
} from '../../model/elements.ts';
import type { Vec } from '../../model/geometry.ts';
import { addShape } from '../../model/test-support/elements.ts';
import { applyToPoint, type Affine, type Corner } from '../../model/transform.ts';
import {
  axisAligned,
  dragTransform,
  frameBounds,
  handleAt,
  handlePositions,
  insideFrame,
  type OrientedFrame,
} from './oriented-frame.ts';
import { selectionFrame } from './select-geometry.ts';

const DEG = Math.PI / 180;
/** elementCorners' order: clockwise from the element's own top-left. */
const CORNER_INDEX: Record<Corner, number> = { nw: 0, ne: 1, se: 2, sw: 3 };
const OPPOSITE: Record<Corner, Corner> = { nw: 'se', ne: 'sw', se: 'nw', sw: 'ne' };
/** The element's own `corner`, turned with it. */
const cornerOf = (view: ElementView, corner: Corner): Vec =>
  elementCorners(view)[CORNER_INDEX[corner]]!;

const expectNear = (actual: Vec, expected: Vec, digits = 6) => {
  expect(actual.x).toBeCloseTo(expected.x, digits);
  expect(actual.y).toBeCloseTo(expected.y, digits);
};

/** A 100 × 50 rectangle centred on (200, 100), turned `rot` radians, and a way to move it. */
function turnedRect(rot = 30 * DEG, size = { w: 100, h: 50 }) {
  const doc = new Y.Doc();
  addShape(doc, { id: 'r', type: 'rect', x: 200 - size.w / 2, y: 100 - size.h / 2, ...size, rot });
  const read = (): ElementView => readElement(doc, 'r')!;
  /** Where the world transform `m` puts it, through the model's own write and read. */
  const after = (m: Affine): ElementView => {
    setTransform(doc, 'r', transformPatchFor(read(), m), null);
    return read();
  };
  return { view: read(), after };
}

const frameOf = (view: ElementView): OrientedFrame => selectionFrame([view])!;

describe('a frame turned with one element', () => {
  it('puts the corner handles on its turned corners and the rotate handle above its top edge', () => {
    const { view } = turnedRect();
    const frame = frameOf(view);
    expect(frame.angle).toBeCloseTo(30 * DEG, 12);
    const at = new Map(
      handlePositions(frame, 1, 'mouse').map(({ handle, at }) => [
        handle.kind === 'corner' ? handle.corner : 'rotate',
        at,
      ]),
    );
    for (const corner of ['nw', 'ne', 'se', 'sw'] as const)
      expectNear(at.get(corner)!, cornerOf(view, corner));
    // 24 px above the middle of the top edge, along the element's own up: (sin 30°, −cos 30°).
    const topMiddle = { x: 200 + 25 * Math.sin(30 * DEG), y: 100 - 25 * Math.cos(30 * DEG) };
    expectNear(at.get('rotate')!, {
      x: topMiddle.x + 24 * Math.sin(30 * DEG),
      y: topMiddle.y - 24 * Math.cos(30 * DEG),
    });
  });

  it('is hit at its turned corners and inside its turned box, not at its world box corners', () => {
    const { view } = turnedRect();
    const frame = frameOf(view);
    const se = cornerOf(view, 'se');
    expect(handleAt(frame, { x: se.x + 3, y: se.y + 2 }, 1, 'mouse')).toEqual({
      kind: 'corner',
      corner: 'se',
    });
    const world = frameBounds(frame);
    expect(handleAt(frame, { x: world.maxX, y: world.maxY }, 1, 'mouse')).toBeNull();
    expect(insideFrame(frame, { x: 200, y: 100 })).toBe(true);
    // Inside the world box around it, but off the turned box's corner.
    expect(insideFrame(frame, { x: world.maxX - 2, y: world.maxY - 2 })).toBe(false);
  });

  it.each(['nw', 'ne', 'se', 'sw'] as const)(
    'resizes from its %s corner along its own axes: the opposite corner stays, the angle too',
    (corner) => {
      const { view, after } = turnedRect();
      const start = cornerOf(view, corner);
      const opposite = cornerOf(view, OPPOSITE[corner]);
      // Grabbed 3 px off the handle's centre, dragged anywhere: the corner follows the pointer.
      const grab = { x: start.x + 3, y: start.y - 2 };
      const now = { x: grab.x + 37, y: grab.y - 12 };
      const m = dragTransform({ kind: 'corner', corner }, frameOf(view), grab, now, false);
      const resized = after(m);
      expect(resized.type === 'rect' && resized.rot).toBeCloseTo(30 * DEG, 9);
      expectNear(cornerOf(resized, OPPOSITE[corner]), opposite);
      expectNear(cornerOf(resized, corner), { x: start.x + 37, y: start.y - 12 });
    },
  );

  it('with Shift keeps the ratio in its own axes', () => {
    const { view, after } = turnedRect();
    const se = cornerOf(view, 'se');
    // 100 units further along its own x axis and 10 along its own y: twice the size, 200 × 100.
    const along = (dx: number, dy: number) => ({
      x: se.x + dx * Math.cos(30 * DEG) - dy * Math.sin(30 * DEG),
      y: se.y + dx * Math.sin(30 * DEG) + dy * Math.cos(30 * DEG),
    });
    const m = dragTransform(
      { kind: 'corner', corner: 'se' },
      frameOf(view),
      se,
      along(100, 10),
      true,
    );
    const resized = after(m);
    expect(resized).toMatchObject({
      rot: expect.closeTo(30 * DEG, 9),
      w: expect.closeTo(200, 6),
      h: expect.closeTo(100, 6),
    });
    expectNear(cornerOf(resized, 'nw'), cornerOf(view, 'nw'));
  });

  it('snaps a Shift rotation to the absolute angle: a box at 10° turned 17° lands on 30°', () => {
    const { view, after } = turnedRect(10 * DEG);
    const frame = frameOf(view);
    const centre = { x: 200, y: 100 };
    const start = handlePositions(frame, 1, 'mouse').find(
      ({ handle }) => handle.kind === 'rotate',
    )!.at;
    const turnedBy = (angle: number): Vec =>
      applyToPoint([Math.cos(angle), Math.sin(angle), -Math.sin(angle), Math.cos(angle), 0, 0], {
        x: start.x - centre.x,
        y: start.y - centre.y,
      });
    const now = { x: centre.x + turnedBy(17 * DEG).x, y: centre.y + turnedBy(17 * DEG).y };
    const free = dragTransform({ kind: 'rotate' }, frame, start, now, false);
    const snapped = dragTransform({ kind: 'rotate' }, frame, start, now, true);
    expect(after(free)).toMatchObject({ rot: expect.closeTo(27 * DEG, 9) });
    const { after: afterSnap, view: again } = turnedRect(10 * DEG);
    expect(again).toMatchObject({ rot: expect.closeTo(10 * DEG, 12) });
    expect(afterSnap(snapped)).toMatchObject({ rot: expect.closeTo(30 * DEG, 9) });
    // Both keep the centre.
    expectNear(applyToPoint(snapped, centre), centre);
  });

  it('gives finite handles and drags for a box of no size, or no width', () => {
    for (const size of [
      { w: 0, h: 0 },
      { w: 0, h: 50 },
    ]) {
      const { view } = turnedRect(30 * DEG, size);
      const frame = frameOf(view);
      const handles = handlePositions(frame, 1, 'touch');
      for (const { at } of handles) expect([at.x, at.y].every(Number.isFinite)).toBe(true);
      const centre = { x: 200, y: 100 };
      for (const { handle, at } of handles) {
        for (const now of [at, centre, { x: at.x + 20, y: at.y - 7 }]) {
          for (const shift of [false, true]) {
            const m = dragTransform(handle, frame, at, now, shift);
            expect(m.every(Number.isFinite), `${JSON.stringify(handle)} ${shift}`).toBe(true);
          }
        }
      }
      // A rotation grabbed at the very centre has no direction: it turns by nothing.
      const still = dragTransform({ kind: 'rotate' }, frame, centre, centre, true);
      expectNear(applyToPoint(still, { x: 0, y: 0 }), { x: 0, y: 0 });
    }
  });
});

describe('an axis-aligned frame', () => {
  const frame = axisAligned({ minX: 0, minY: 0, maxX: 100, maxY: 50 });

  it('finds handles within reach, larger for a finger, none in the middle', () => {
    expect(handleAt(frame, { x: 103, y: 52 }, 1, 'mouse')).toEqual({
      kind: 'corner',
      corner: 'se',
    });
    expect(handleAt(frame, { x: 115, y: 52 }, 1, 'mouse')).toBeNull();
    expect(handleAt(frame, { x: 115, y: 52 }, 1, 'touch')).toEqual({
      kind: 'corner',
      corner: 'se',
    });
    expect(handleAt(frame, { x: 50, y: -24 }, 1, 'mouse')).toEqual({ kind: 'rotate' });
    expect(handleAt(frame, { x: 50, y: 25 }, 1, 'mouse')).toBeNull();
    // At 50 % zoom the same screen reach covers twice the world distance.
    expect(handleAt(frame, { x: 112, y: 50 }, 0.5, 'mouse')).toEqual({
      kind: 'corner',
      corner: 'se',
    });
  });

  it('leaves the inside of a frame too small for its handles to the move', () => {
    // 30 × 20 px: a finger's 22 px reach from the corners would cover all of it.
    const small = axisAligned({ minX: 0, minY: 0, maxX: 30, maxY: 20 });
    expect(handleAt(small, { x: 15, y: 10 }, 1, 'touch')).toBeNull();
    expect(handleAt(small, { x: 28, y: 18 }, 1, 'touch')).toBeNull();
    expect(handleAt(small, { x: 40, y: 28 }, 1, 'touch')).toEqual({ kind: 'corner', corner: 'se' });
    // A mouse's 8 px reach leaves its middle free: its corners stay grabbable from inside.
    expect(handleAt(small, { x: 28, y: 18 }, 1, 'mouse')).toEqual({ kind: 'corner', corner: 'se' });
    // A long thin line is not small: its ends are handles wherever they are pressed.
    const line = axisAligned({ minX: 0, minY: 0, maxX: 200, maxY: 0 });
    expect(handleAt(line, { x: 199, y: 0 }, 1, 'touch')).toEqual({ kind: 'corner', corner: 'ne' });
  });

  it('moves by the drag, resizes about the opposite corner, rotates about the centre', () => {
    const move = dragTransform({ kind: 'move' }, frame, { x: 10, y: 10 }, { x: 30, y: 5 }, false);
    expect(applyToPoint(move, { x: 0, y: 0 })).toEqual({ x: 20, y: -5 });
    const resize = dragTransform(
      { kind: 'corner', corner: 'se' },
      frame,
      { x: 100, y: 50 },
      { x: 200, y: 60 },
      true,
    );
    expect(applyToPoint(resize, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    expect(applyToPoint(resize, { x: 100, y: 50 })).toEqual({ x: 200, y: 100 });
    const turn = dragTransform(
      { kind: 'rotate' },
      frame,
      { x: 50, y: -24 },
      { x: 120, y: 20 },
      true,
    );
    const corner = applyToPoint(turn, { x: 100, y: 25 });
    expect(corner.x).toBeCloseTo(50, 6);
    expect(corner.y).toBeCloseTo(75, 6);
  });

  it('is the world box itself, for several elements even when each is turned', () => {
    const a = turnedRect().view;
    const b = turnedRect(45 * DEG).view;
    const frame = selectionFrame([a, b])!;
    expect(frame.angle).toBe(0);
    expect(frameBounds(frame)).toBe(frame.box);
    const corners = [...elementCorners(a), ...elementCorners(b)];
    expect(frame.box.minX).toBe(Math.min(...corners.map((c) => c.x)));
    expect(frame.box.maxY).toBe(Math.max(...corners.map((c) => c.y)));
  });
});
