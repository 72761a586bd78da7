import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import {
  drag,
  drawStroke,
  inkAt,
  openSyncedBoard,
  strokeCountOf,
  strokesOf,
  uniqueRoom,
} from './support/board.ts';

/** The first stroke's box on `page`, in world units, as the board renders it. */
async function firstBox(page: Page) {
  const [stroke] = await strokesOf(page);
  return stroke?.bounds ?? null;
}

const selectionOf = (page: Page) => page.evaluate(() => window.__whiteboard?.selection.ids ?? []);

test('Alice selects and moves a stroke, Bob sees it move and sees her selection; undo puts it back', async ({
  users,
}) => {
  const room = uniqueRoom('select');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  await drawStroke(alice.page, [
    [200, 300],
    [400, 300],
  ]);
  await expect.poll(() => strokeCountOf(bob.page)).toBe(1);
  const before = (await firstBox(bob.page))!;

  await alice.page.keyboard.press('v');
  await expect(alice.page.getByTestId('tool-select')).toHaveAttribute('aria-pressed', 'true');
  // Press on the stroke, drag it 100 px right and 80 px down.
  await drag(
    alice.page,
    [
      [300, 300],
      [350, 340],
      [400, 380],
    ],
    { steps: 5 },
  );
  expect(await selectionOf(alice.page)).toHaveLength(1);

  for (const page of [alice.page, bob.page]) {
    await expect.poll(async () => (await firstBox(page))?.minX).toBeCloseTo(before.minX + 100, 0);
    await expect.poll(async () => (await firstBox(page))?.minY).toBeCloseTo(before.minY + 80, 0);
  }
  // Bob sees Alice's selection: a frame in her colour with her name on a tab above its top-left
  // corner, on his overlay layer (the stroke itself is on the layer below).
  const tab: [number, number] = [before.minX + 100 + 8, before.minY + 80 - 12];
  await expect.poll(() => inkAt(bob.page, 'board', tab)).toBeGreaterThan(0);

  // One drag is one undo step: a single Ctrl+Z puts the stroke back where it was drawn.
  await alice.page.keyboard.press('Control+z');
  for (const page of [alice.page, bob.page]) {
    await expect.poll(async () => (await firstBox(page))?.minX).toBeCloseTo(before.minX, 0);
  }
  await alice.page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await firstBox(bob.page))?.minX).toBeCloseTo(before.minX + 100, 0);

  // Escape clears the selection, and Bob's frame goes with it.
  await alice.page.keyboard.press('Escape');
  await expect.poll(() => selectionOf(alice.page)).toEqual([]);
  await expect.poll(() => inkAt(bob.page, 'board', tab)).toBe(0);
});

test('a selection copied in one room pastes into another at the pointer', async ({
  page,
  server,
}) => {
  await openSyncedBoard(page, server.url, uniqueRoom('copy-from'));
  await drawStroke(page, [
    [200, 300],
    [300, 320],
  ]);
  await expect.poll(() => strokeCountOf(page)).toBe(1);
  await page.keyboard.press('Control+a');
  await expect.poll(() => selectionOf(page)).toHaveLength(1);
  await page.keyboard.press('Control+c');

  const other = await page.context().newPage();
  await openSyncedBoard(other, server.url, uniqueRoom('paste-into'));
  await other.mouse.move(600, 500);
  await other.keyboard.press('Control+v');
  await expect.poll(() => strokeCountOf(other)).toBe(1);
  const box = (await firstBox(other))!;
  expect((box.minX + box.maxX) / 2).toBeCloseTo(600, -1);
  expect((box.minY + box.maxY) / 2).toBeCloseTo(500, -1);
  await expect(other.getByTestId('tool-select')).toHaveAttribute('aria-pressed', 'true');
  expect(await selectionOf(other)).toHaveLength(1);
});

/** The board's one rectangle as its document holds it: its own box and its turn. */
const rectOf = (page: Page) =>
  page.evaluate(() => {
    type Fields = Partial<Record<'type' | 'x' | 'y' | 'w' | 'h' | 'rot', unknown>>;
    const entries: Record<string, Fields> = window.__whiteboard!.doc.getMap('strokes').toJSON();
    const rect = Object.values(entries).find((fields) => fields.type === 'rect');
    if (!rect) return null;
    const { x, y, w, h, rot = 0 } = rect;
    return { x: Number(x), y: Number(y), w: Number(w), h: Number(h), rot: Number(rot) };
  });

test('a rectangle turned with the rotate handle shows a turned frame: a corner drag resizes it along its own axes, still turned', async ({
  page,
  server,
}) => {
  await openSyncedBoard(page, server.url, uniqueRoom('turned-frame'));
  const viewport = await page.evaluate(() => window.__whiteboard!.viewport);
  const toScreen = (p: { x: number; y: number }): [number, number] => [
    (p.x - viewport.x) * viewport.zoom,
    (p.y - viewport.y) * viewport.zoom,
  ];
  await page.keyboard.press('r');
  await drawStroke(page, [
    [300, 250],
    [500, 350],
  ]);
  await expect.poll(() => rectOf(page)).not.toBeNull();
  await page.keyboard.press('v');
  await page.mouse.click(300, 300);
  await expect.poll(() => selectionOf(page)).toHaveLength(1);

  // The rotate handle, 24 px above the top edge's middle, taken round the centre by about 31°
  // with Shift: the rectangle turns to 30° exactly.
  const drawn = (await rectOf(page))!;
  const centre = { x: drawn.x + drawn.w / 2, y: drawn.y + drawn.h / 2 };
  const [cx, cy] = toScreen(centre);
  const reach = (drawn.h / 2) * viewport.zoom + 24;
  const about31 = (31 * Math.PI) / 180;
  await page.keyboard.down('Shift');
  await drawStroke(page, [
    [cx, cy - reach],
    [cx + reach * Math.sin(about31), cy - reach * Math.cos(about31)],
  ]);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await rectOf(page))?.rot).toBeCloseTo(Math.PI / 6, 6);

  // Its own south-east corner, where the turned frame's handle now is, dragged 40 right and
  // 30 down: it grows along its own axes, stays at 30°, and its own north-west corner stays.
  const turned = (await rectOf(page))!;
  /** A point of the rectangle's own axes, in half sizes from its centre: (−1, −1) is its top-left. */
  const own = (box: NonNullable<typeof turned>, dx: number, dy: number) => {
    const cos = Math.cos(box.rot);
    const sin = Math.sin(box.rot);
    const mid = { x: box.x + box.w / 2, y: box.y + box.h / 2 };
    const ax = (dx * box.w) / 2;
    const ay = (dy * box.h) / 2;
    return { x: mid.x + ax * cos - ay * sin, y: mid.y + ax * sin + ay * cos };
  };
  const nw = own(turned, -1, -1);
  const [sx, sy] = toScreen(own(turned, 1, 1));
  await drawStroke(page, [
    [sx, sy],
    [sx + 40, sy + 30],
  ]);
  const grownBy = {
    w: 40 * Math.cos(Math.PI / 6) + 30 * Math.sin(Math.PI / 6),
    h: -40 * Math.sin(Math.PI / 6) + 30 * Math.cos(Math.PI / 6),
  };
  await expect
    .poll(async () => (await rectOf(page))?.w)
    .toBeCloseTo(turned.w + grownBy.w / viewport.zoom, 0);
  const resized = (await rectOf(page))!;
  expect(resized.rot).toBeCloseTo(Math.PI / 6, 6);
  expect(resized.h).toBeCloseTo(turned.h + grownBy.h / viewport.zoom, 0);
  expect(own(resized, -1, -1).x).toBeCloseTo(nw.x, 3);
  expect(own(resized, -1, -1).y).toBeCloseTo(nw.y, 3);
});
