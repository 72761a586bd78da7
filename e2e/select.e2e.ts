import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import {
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
  await alice.page.mouse.move(300, 300);
  await alice.page.mouse.down();
  await alice.page.mouse.move(350, 340, { steps: 5 });
  await alice.page.mouse.move(400, 380, { steps: 5 });
  await alice.page.mouse.up();
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
