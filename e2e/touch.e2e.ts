import type { CDPSession, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, strokeCountOf, strokesOf, uniqueRoom } from './support/board.ts';

test.use({ viewport: { width: 390, height: 760 }, hasTouch: true, isMobile: true });

type Finger = { x: number; y: number; id: number };

/** Raw touch input through the DevTools protocol: Playwright's touchscreen only taps. */
async function touch(
  session: CDPSession,
  type: 'touchStart' | 'touchMove' | 'touchEnd',
  fingers: Finger[],
): Promise<void> {
  await session.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: fingers.map(({ x, y, id }) => ({ x, y, id, radiusX: 4, radiusY: 4, force: 1 })),
  });
}

async function phone(page: Page, url: string) {
  await openSyncedBoard(page, url, uniqueRoom('phone'));
  return page.context().newCDPSession(page);
}

test('on a phone, one finger draws', async ({ page, server }) => {
  const session = await phone(page, server.url);
  await touch(session, 'touchStart', [{ x: 80, y: 300, id: 1 }]);
  for (let step = 1; step <= 10; step++) {
    await touch(session, 'touchMove', [{ x: 80 + step * 20, y: 300 + step * 5, id: 1 }]);
  }
  await touch(session, 'touchEnd', []);
  await expect.poll(() => strokesOf(page)).toMatchObject([{ done: true }]);
  expect((await strokesOf(page))[0]?.pointCount).toBeGreaterThan(5);
});

test('on a phone, two fingers pinch to zoom and draw nothing', async ({ page, server }) => {
  const session = await phone(page, server.url);
  await touch(session, 'touchStart', [{ x: 150, y: 400, id: 1 }]);
  await touch(session, 'touchMove', [{ x: 152, y: 401, id: 1 }]);
  await touch(session, 'touchStart', [
    { x: 152, y: 401, id: 1 },
    { x: 250, y: 400, id: 2 },
  ]);
  for (let step = 1; step <= 10; step++) {
    await touch(session, 'touchMove', [
      { x: 152 - step * 5, y: 401, id: 1 },
      { x: 250 + step * 5, y: 400, id: 2 },
    ]);
  }
  await touch(session, 'touchEnd', []);

  // Fingers 98 px apart moved to 198 px apart: about twice the zoom.
  await expect
    .poll(() => page.evaluate(() => window.__whiteboard?.viewport.zoom ?? 0))
    .toBeCloseTo(198 / 98, 1);
  // The first finger's beginnings of a stroke were taken back when the second landed.
  expect(await strokeCountOf(page)).toBe(0);
  await expect(page.getByTestId('undo')).toBeDisabled();
});
