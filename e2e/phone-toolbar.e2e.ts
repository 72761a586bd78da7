import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, uniqueRoom } from './support/board.ts';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

test('on a 390 px phone the toolbar stays on screen and every control can be reached', async ({
  page,
  server,
}) => {
  await openSyncedBoard(page, server.url, uniqueRoom('phone-bar'));
  const toolbar = page.getByRole('group', { name: 'Drawing tools' });
  const bar = await toolbar.boundingBox();
  expect(bar).not.toBeNull();
  // Not cut off: the bar itself ends inside the screen, and what it cannot show it scrolls.
  expect(bar!.x).toBeGreaterThanOrEqual(0);
  expect(bar!.x + bar!.width).toBeLessThanOrEqual(PHONE.width);
  expect(await toolbar.evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto');

  const controls = toolbar.getByRole('button');
  const count = await controls.count();
  expect(count).toBeGreaterThan(10);
  for (let index = 0; index < count; index++) {
    const control = controls.nth(index);
    await control.scrollIntoViewIfNeeded();
    // On screen and the topmost thing at its centre: a finger there presses it.
    const reachable = await control.evaluate((el) => {
      const rect = el.getBoundingClientRect();
      const x = rect.left + rect.width / 2;
      const y = rect.top + rect.height / 2;
      const hit = document.elementFromPoint(x, y);
      return hit !== null && el.contains(hit) && x < innerWidth && y < innerHeight;
    });
    expect(reachable, (await control.getAttribute('aria-label')) ?? `control ${index}`).toBe(true);
  }
  // Tapping the last control, scrolled to the far end, works like any other.
  const last = controls.nth(count - 1);
  await last.tap();
  await expect(page.getByTestId('help-panel')).toBeVisible();
});
