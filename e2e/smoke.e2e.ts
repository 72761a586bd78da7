import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, uniqueRoom } from './support/board.ts';

test('a room link opens a full-window board that syncs with the relay', async ({
  page,
  server,
}) => {
  const room = uniqueRoom('smoke');
  await openSyncedBoard(page, server.url, room);

  const badge = page.getByTestId('connection-status');
  await expect(badge).toHaveAttribute('data-status', 'synced');
  await expect(badge).toHaveAttribute('data-save-state', 'saved');
  await expect(page.getByTestId('save-label')).toHaveText('All changes saved');
  expect(await page.evaluate(() => window.__whiteboard?.room)).toBe(room);

  // Both stacked layers: finished strokes below, live drawing and cursors on top.
  const layers = [page.getByTestId('board-strokes'), page.getByTestId('board')];
  const fillsWindow = () =>
    Promise.all(
      layers.map((canvas) =>
        canvas.evaluate((element: HTMLCanvasElement) => {
          const box = element.getBoundingClientRect();
          const ratio = window.devicePixelRatio;
          return (
            box.left === 0 &&
            box.top === 0 &&
            box.width === window.innerWidth &&
            box.height === window.innerHeight &&
            element.width === Math.round(window.innerWidth * ratio) &&
            element.height === Math.round(window.innerHeight * ratio)
          );
        }),
      ),
    );
  await expect.poll(fillsWindow).toEqual([true, true]);

  // Follows the window: the backing store is resized with it, not just stretched by CSS.
  await page.setViewportSize({ width: 640, height: 480 });
  const ratio = await page.evaluate(() => window.devicePixelRatio);
  for (const canvas of layers) {
    await expect
      .poll(() => canvas.evaluate((element: HTMLCanvasElement) => element.width))
      .toBe(Math.round(640 * ratio));
  }
  await expect.poll(fillsWindow).toEqual([true, true]);
});

test.describe('on a HiDPI screen', () => {
  test.use({ deviceScaleFactor: 2 });

  test('the canvas has two device pixels per CSS pixel', async ({ page, server }) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await openSyncedBoard(page, server.url, uniqueRoom('hidpi'));
    for (const canvas of [page.getByTestId('board-strokes'), page.getByTestId('board')]) {
      await expect
        .poll(() =>
          canvas.evaluate((element: HTMLCanvasElement) => [element.width, element.height]),
        )
        .toEqual([1600, 1200]);
    }
  });
});

test('the home page sends you to a fresh room', async ({ page, server }) => {
  await page.goto(`${server.url}/`);

  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  const room = new URL(page.url()).pathname.slice('/r/'.length);
  await expect.poll(() => page.evaluate(() => window.__whiteboard?.room)).toBe(room);
});

test('a change made by one person reaches another in the same room', async ({ users, server }) => {
  const room = uniqueRoom('pair');
  const alice = await users.add('alice');
  const bob = await users.add('bob');
  const alicePage = alice.page;
  const bobPage = bob.page;
  await openSyncedBoard(alicePage, server.url, room);
  await openSyncedBoard(bobPage, server.url, room);

  await alicePage.evaluate(() => {
    window.__whiteboard?.doc.getMap('smoke').set('greeting', 'hello from alice');
  });

  await expect
    .poll(() => bobPage.evaluate(() => window.__whiteboard?.doc.getMap('smoke').get('greeting')))
    .toBe('hello from alice');
});
