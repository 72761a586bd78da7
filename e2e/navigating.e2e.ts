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

const viewportOf = (page: Page) =>
  page.evaluate(() => window.__whiteboard?.viewport ?? { x: NaN, y: NaN, zoom: NaN });

test('zooming about the pointer moves the view, never the strokes', async ({ page, server }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await openSyncedBoard(page, server.url, uniqueRoom('zoom'));
  await drawStroke(page, [
    [300, 300],
    [500, 300],
  ]);
  await expect.poll(() => strokeCountOf(page)).toBe(1);
  const [before] = await strokesOf(page);

  // Ctrl+wheel (what a trackpad pinch sends) zooms in about the pointer.
  await page.mouse.move(400, 300);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await viewportOf(page)).zoom).toBeCloseTo(Math.exp(0.5), 3);
  const zoom = (await viewportOf(page)).zoom;
  await expect(page.getByTestId('zoom-level')).toHaveText(`${Math.round(zoom * 100)}%`);

  const [after] = await strokesOf(page);
  expect(after?.bounds).toEqual(before?.bounds);
  // The point under the pointer stayed put; the stroke's right end moved out to 400 + 100 × zoom.
  const rightEnd = 400 + 100 * zoom;
  await expect.poll(() => inkAt(page, 'board-strokes', [rightEnd - 4, 300])).toBeGreaterThan(0);
  expect(await inkAt(page, 'board-strokes', [rightEnd + 15, 300])).toBe(0);

  // A stroke drawn now lands at the world position under the pointer.
  const view = await viewportOf(page);
  await drawStroke(page, [
    [300, 500],
    [600, 500],
  ]);
  await expect.poll(() => strokeCountOf(page)).toBe(2);
  const [, drawn] = await strokesOf(page);
  const halfWidth = 4 / zoom / 2;
  expect(drawn?.bounds?.minX).toBeCloseTo(view.x + 300 / zoom - halfWidth, 0);
  expect(drawn?.bounds?.maxX).toBeCloseTo(view.x + 600 / zoom + halfWidth, 0);
  expect(drawn?.bounds?.minY).toBeCloseTo(view.y + 500 / zoom - halfWidth, 0);

  // Reset zoom (Shift+0) and zoom to fit (Shift+1).
  await page.keyboard.press('Shift+Digit0');
  await expect(page.getByTestId('zoom-level')).toHaveText('100%');
  await page.keyboard.press('Shift+Digit1');
  await expect.poll(async () => (await viewportOf(page)).zoom).toBeGreaterThan(1);
  const fitted = await viewportOf(page);
  for (const { bounds } of await strokesOf(page)) {
    expect((bounds!.minX - fitted.x) * fitted.zoom).toBeGreaterThanOrEqual(0);
    expect((bounds!.maxX - fitted.x) * fitted.zoom).toBeLessThanOrEqual(1000);
    expect((bounds!.minY - fitted.y) * fitted.zoom).toBeGreaterThanOrEqual(0);
    expect((bounds!.maxY - fitted.y) * fitted.zoom).toBeLessThanOrEqual(700);
  }
});

test('the board pans with the wheel, the hand tool, Space+drag and the middle button', async ({
  page,
  server,
}) => {
  await openSyncedBoard(page, server.url, uniqueRoom('pan'));
  await drawStroke(page, [
    [300, 300],
    [400, 300],
  ]);
  await expect.poll(() => strokeCountOf(page)).toBe(1);
  const panned = async (expected: { x: number; y: number }) =>
    expect
      .poll(async () => {
        const { x, y } = await viewportOf(page);
        return { x: Math.round(x), y: Math.round(y) };
      })
      .toEqual(expected);

  await page.mouse.move(500, 400);
  await page.mouse.wheel(30, 100);
  await panned({ x: 30, y: 100 });

  await page.keyboard.press('h');
  await drawStroke(page, [
    [500, 400],
    [600, 450],
  ]);
  await panned({ x: -70, y: 50 });

  await page.keyboard.press('p');
  await page.keyboard.down('Space');
  await drawStroke(page, [
    [600, 450],
    [500, 450],
  ]);
  await page.keyboard.up('Space');
  await panned({ x: 30, y: 50 });

  await drag(
    page,
    [
      [500, 450],
      [500, 350],
    ],
    { steps: 4, button: 'middle' },
  );
  await panned({ x: 30, y: 150 });

  // None of that drew anything, and the stroke is drawn where the view now puts it.
  expect(await strokeCountOf(page)).toBe(1);
  await expect.poll(() => inkAt(page, 'board-strokes', [350 - 30, 300 - 150])).toBeGreaterThan(0);
});

test('after panning, the board looks as it does painted afresh', async ({ page, server }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await openSyncedBoard(page, server.url, uniqueRoom('scroll'));
  // Clear of the toolbars: at 800 px wide the tool bar sits under the share bar.
  for (const y of [180, 300, 420, 520]) {
    await drawStroke(page, [
      [250, y],
      [500, y - 60],
      [780, y + 20],
    ]);
  }
  await expect.poll(() => strokeCountOf(page)).toBe(4);

  // Panning moves the picture it has and paints only the strips that come into view.
  await page.mouse.move(400, 300);
  for (const [dx, dy] of [
    [40, 0],
    [0, 70],
    [-90, -30],
    [15, 25],
  ] as const) {
    await page.mouse.wheel(dx, dy);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
  await expect.poll(async () => Math.round((await viewportOf(page)).y)).toBe(65);
  type Kept = { __panned?: Uint8ClampedArray };
  const canvas = page.getByTestId('board-strokes');
  await canvas.evaluate((element: HTMLCanvasElement) => {
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    (window as Kept).__panned = data;
  });

  // A theme switch there and back paints every stroke afresh.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-toggle').click();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  const compared = await canvas.evaluate((element: HTMLCanvasElement) => {
    const fresh = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data;
    const panned = (window as Kept).__panned ?? new Uint8ClampedArray();
    let inked = 0;
    let largest = 0;
    let over8 = 0;
    for (let i = 3; i < fresh.length; i += 4) {
      const difference = Math.abs((fresh[i] ?? 0) - (panned[i] ?? 0));
      if ((fresh[i] ?? 0) > 0) inked++;
      if (difference > 8) over8++;
      largest = Math.max(largest, difference);
    }
    return { inked, largest, over8 };
  });

  expect(compared.inked).toBeGreaterThan(2000);
  // Equal but for anti-aliasing where strokes cross the canvas's edge (see movePicture):
  // a misplaced strip would differ by whole strokes, hundreds of pixels fully on or off.
  expect(compared.largest).toBeLessThan(64);
  expect(compared.over8).toBeLessThan(400);
});
