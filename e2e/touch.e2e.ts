import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, strokeCountOf, strokesOf, uniqueRoom } from './support/board.ts';
import { PHONE, TouchScreen } from './support/touch.ts';

test.use(PHONE);

async function phone(page: Page, url: string): Promise<TouchScreen> {
  await openSyncedBoard(page, url, uniqueRoom('phone'));
  return TouchScreen.of(page);
}

test('on a phone, one finger draws', async ({ page, sharedServer }) => {
  const screen = await phone(page, sharedServer.url);
  await screen.start([{ x: 80, y: 300, id: 1 }]);
  for (let step = 1; step <= 10; step++) {
    await screen.move([{ x: 80 + step * 20, y: 300 + step * 5, id: 1 }]);
  }
  await screen.end();
  await expect.poll(() => strokesOf(page)).toMatchObject([{ done: true }]);
  expect((await strokesOf(page))[0]?.pointCount).toBeGreaterThan(5);
});

test('on a phone, two fingers pinch to zoom and draw nothing', async ({ page, sharedServer }) => {
  const screen = await phone(page, sharedServer.url);
  await screen.start([{ x: 150, y: 400, id: 1 }]);
  await screen.move([{ x: 152, y: 401, id: 1 }]);
  await screen.start([
    { x: 152, y: 401, id: 1 },
    { x: 250, y: 400, id: 2 },
  ]);
  for (let step = 1; step <= 10; step++) {
    await screen.move([
      { x: 152 - step * 5, y: 401, id: 1 },
      { x: 250 + step * 5, y: 400, id: 2 },
    ]);
  }
  await screen.end();

  // Fingers 98 px apart moved to 198 px apart: about twice the zoom.
  await expect
    .poll(() => page.evaluate(() => window.__whiteboard?.viewport.zoom ?? 0))
    .toBeCloseTo(198 / 98, 1);
  // The first finger's beginnings of a stroke were taken back when the second landed.
  expect(await strokeCountOf(page)).toBe(0);
  await expect(page.getByTestId('undo')).toBeDisabled();
});
