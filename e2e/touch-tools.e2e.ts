import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, strokesOf, uniqueRoom, type ScreenPoint } from './support/board.ts';
import { PHONE, TouchScreen } from './support/touch.ts';

test.use(PHONE);

/** Opens a fresh room on the phone and picks `tool` from the toolbar with a finger. */
async function phoneWith(page: Page, baseUrl: string, tool: string) {
  await openSyncedBoard(page, baseUrl, uniqueRoom('touch-tools'));
  await pickTool(page, tool);
  return TouchScreen.of(page);
}

async function pickTool(page: Page, tool: string): Promise<void> {
  const button = page.getByTestId(`tool-${tool}`);
  await button.tap();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** A screen point in world units, by the board's camera. */
async function worldAt(page: Page, [x, y]: ScreenPoint) {
  const viewport = await page.evaluate(() => window.__whiteboard!.viewport);
  return { x: viewport.x + x / viewport.zoom, y: viewport.y + y / viewport.zoom };
}

/** Where a world point is on the screen, by the board's camera. */
async function screenAt(page: Page, { x, y }: { x: number; y: number }): Promise<ScreenPoint> {
  const viewport = await page.evaluate(() => window.__whiteboard!.viewport);
  return [(x - viewport.x) * viewport.zoom, (y - viewport.y) * viewport.zoom];
}

const elementsOf = strokesOf;
const selectionOf = (page: Page) => page.evaluate(() => window.__whiteboard?.selection ?? null);

/**
 * On a fresh phone board, one finger drags out a rectangle with the rectangle tool, picks the
 * select tool and taps at `tapAt` (screen pixels), which selects it; returns the rectangle's id
 * and world box.
 */
async function phoneWithSelectedRectangle(page: Page, baseUrl: string, tapAt: [number, number]) {
  const screen = await phoneWith(page, baseUrl, 'rect');
  await screen.drag([100, 300], [260, 420]);
  await expect.poll(() => elementsOf(page)).toMatchObject([{ type: 'rect', done: true }]);
  const [rect] = await elementsOf(page);
  const from = await worldAt(page, [100, 300]);
  const to = await worldAt(page, [260, 420]);
  // The ink's box: the rectangle's corners, give or take half its outline.
  expect(rect!.bounds).toMatchObject({
    minX: expect.closeTo(from.x, -1),
    minY: expect.closeTo(from.y, -1),
    maxX: expect.closeTo(to.x, -1),
    maxY: expect.closeTo(to.y, -1),
  });
  await pickTool(page, 'select');
  await screen.tap(tapAt);
  await expect.poll(async () => (await selectionOf(page))?.ids).toEqual([rect!.id]);
  return { screen, id: rect!.id, before: rect!.bounds! };
}

const boundsOf = async (page: Page) => (await elementsOf(page))[0]?.bounds ?? null;

test('on a phone, one finger draws a rectangle, then selects it, drags it and resizes it by a corner', async ({
  page,
  sharedServer: server,
}) => {
  // A fingertip lands about 10 px off the thin outline, inside the box.
  const { screen, id, before } = await phoneWithSelectedRectangle(page, server.url, [110, 360]);

  await screen.drag([110, 360], [150, 330]);
  await expect
    .poll(() => boundsOf(page))
    .toMatchObject({
      minX: expect.closeTo(before.minX + 40, 0),
      minY: expect.closeTo(before.minY - 30, 0),
    });
  const moved = (await boundsOf(page))!;
  expect(await selectionOf(page)).toMatchObject({ ids: [id] });

  // The bottom-right handle, grabbed 12 px right of and 10 px below its centre: out of a
  // mouse's reach, in a finger's.
  const { frame } = (await selectionOf(page))!;
  const [cornerX, cornerY] = await screenAt(page, { x: frame!.maxX, y: frame!.maxY });
  const grab: ScreenPoint = [cornerX + 12, cornerY + 10];
  await screen.drag(grab, [grab[0] + 50, grab[1] + 40]);
  await expect
    .poll(() => boundsOf(page))
    .toMatchObject({
      maxX: expect.closeTo(moved.maxX + 50, 0),
      maxY: expect.closeTo(moved.maxY + 40, 0),
    });
  // The opposite corner stays put.
  expect(await boundsOf(page)).toMatchObject({
    minX: expect.closeTo(moved.minX, 0),
    minY: expect.closeTo(moved.minY, 0),
  });

  // A short arrow, all within its handles' reach of a finger, is still moved from its middle.
  await pickTool(page, 'arrow');
  await screen.drag([100, 600], [130, 600]);
  await expect.poll(() => arrowOf(page)).toMatchObject({ done: true });
  const arrow = (await arrowOf(page))!;
  await pickTool(page, 'select');
  await screen.tap([115, 600]);
  await expect.poll(async () => (await selectionOf(page))?.ids).toEqual([arrow.id]);
  await screen.drag([115, 600], [115, 560]);
  await expect
    .poll(async () => (await arrowOf(page))?.bounds)
    .toEqual({ ...arrow.bounds, minY: arrow.bounds!.minY - 40, maxY: arrow.bounds!.maxY - 40 });
});

const arrowOf = async (page: Page) =>
  (await elementsOf(page)).find(({ type }) => type === 'arrow') ?? null;

/** Finger 1 lands at `at` and drifts `drift` px right, then finger 2 lands and both spread. */
async function pinchAfterDrift(screen: TouchScreen, at: ScreenPoint, drift: number) {
  const [x, y] = at;
  await screen.start([{ x, y, id: 1 }]);
  for (let step = 1; step <= 3; step++) {
    await screen.move([{ x: x + (drift * step) / 3, y, id: 1 }]);
  }
  const first = { x: x + drift, y, id: 1 };
  await screen.start([first, { x: first.x + 100, y, id: 2 }]);
  for (let step = 1; step <= 6; step++) {
    await screen.move([
      { ...first, x: first.x - step * 8 },
      { x: first.x + 100 + step * 8, y, id: 2 },
    ]);
  }
}

const zoomOf = (page: Page) => page.evaluate(() => window.__whiteboard?.viewport.zoom ?? 0);

test('on a phone, two fingers with the select tool zoom and leave the selection where it was', async ({
  page,
  sharedServer: server,
}) => {
  const { screen, id, before } = await phoneWithSelectedRectangle(page, server.url, [100, 360]);

  // The first finger lands on the selected rectangle and drifts before the second lands.
  await pinchAfterDrift(screen, [100, 360], 12);
  await screen.end();
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(1.5);
  expect(await boundsOf(page)).toEqual(before);

  // A pinch that starts on the empty board does not clear the selection either.
  await pinchAfterDrift(screen, [80, 600], 12);
  await screen.end();
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(2.5);
  expect(await selectionOf(page)).toMatchObject({ ids: [id] });
  expect(await boundsOf(page)).toEqual(before);

  // The only step to undo is drawing the rectangle: the pinches wrote nothing.
  await page.getByTestId('undo').tap();
  await expect.poll(() => elementsOf(page)).toEqual([]);
});

test('on a phone, a second finger landing mid-gesture makes a pinch: no shape, nothing erased, no text box', async ({
  page,
  sharedServer: server,
}) => {
  const screen = await phoneWith(page, server.url, 'rect');
  await pinchAfterDrift(screen, [80, 300], 40);
  // The pinch's second finger lifts first; the first one sliding on alone draws nothing.
  await screen.move([{ x: 40, y: 300, id: 1 }]);
  await screen.move([{ x: 60, y: 400, id: 1 }]);
  await screen.end();
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(1.3);
  expect(await elementsOf(page)).toEqual([]);
  await expect(page.getByTestId('undo')).toBeDisabled();

  // The tool is still in hand: one finger draws again.
  await screen.drag([80, 300], [200, 400]);
  await expect.poll(() => elementsOf(page)).toMatchObject([{ type: 'rect', done: true }]);

  // With the eraser, a pinch whose first finger lands on the rectangle's edge leaves it be.
  await pickTool(page, 'eraser');
  const { bounds } = (await elementsOf(page))[0]!;
  const edge = await screenAt(page, { x: bounds!.minX + 1, y: (bounds!.minY + bounds!.maxY) / 2 });
  let zoom = await zoomOf(page);
  await pinchAfterDrift(screen, edge, 4);
  await screen.end();
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(zoom * 1.3);
  expect(await elementsOf(page)).toMatchObject([{ type: 'rect', done: true }]);

  // With the text tool, a pinch places no text box and opens no editor (nor a phone's keyboard).
  await pickTool(page, 'text');
  zoom = await zoomOf(page);
  await pinchAfterDrift(screen, [80, 560], 4);
  await screen.end();
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(zoom * 1.3);
  await expect(page.getByTestId('text-editor')).toHaveCount(0);
  expect(await elementsOf(page)).toMatchObject([{ type: 'rect' }]);
});

test('on a phone, a tap with the text or note tool places one and opens its editor', async ({
  page,
  sharedServer: server,
}) => {
  const screen = await phoneWith(page, server.url, 'text');
  await screen.tap([120, 300]);
  const editor = page.getByTestId('text-editor');
  await expect(editor).toBeFocused();
  await page.keyboard.type('hello');
  await expect.poll(() => elementsOf(page)).toMatchObject([{ type: 'text', text: 'hello' }]);

  // A tap elsewhere ends editing and places nothing new.
  await screen.tap([200, 550]);
  await expect(editor).toHaveCount(0);
  expect(await elementsOf(page)).toMatchObject([{ type: 'text', text: 'hello', done: true }]);

  // The sticky note tool likewise: a tap places a note and opens its editor.
  await pickTool(page, 'note');
  await screen.tap([200, 500]);
  await expect(editor).toBeFocused();
  await page.keyboard.type('todo');
  await expect
    .poll(() => elementsOf(page))
    .toMatchObject([{ type: 'text' }, { type: 'note', text: 'todo' }]);
});
