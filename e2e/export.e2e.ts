import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { drawStroke, openSyncedBoard, strokeCountOf, uniqueRoom } from './support/board.ts';

async function drawThree(page: Page): Promise<void> {
  await drawStroke(page, [
    [200, 200],
    [400, 260],
  ]);
  await page.getByRole('button', { name: 'Red', exact: true }).click();
  await drawStroke(page, [
    [200, 350],
    [420, 330],
    [500, 420],
  ]);
  await page.getByRole('button', { name: 'Blue', exact: true }).click();
  await drawStroke(page, [
    [600, 200],
    [640, 420],
  ]);
  await expect.poll(() => strokeCountOf(page)).toBe(3);
}

async function download(page: Page, button: 'export-png' | 'export-svg') {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(button).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

test('the PNG export is an image of the strokes, named after the room', async ({
  page,
  server,
}) => {
  const room = uniqueRoom('export');
  await openSyncedBoard(page, server.url, room);
  await drawThree(page);

  const png = await download(page, 'export-png');
  expect(png.name).toBe(`board-${room}.png`);
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  // Decoded by the browser: a white picture with dark, red and blue ink on it.
  const pixels = await page.evaluate(async (base64) => {
    // Not fetch(data:…): the page's Content-Security-Policy keeps connections to its own origin.
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, image.width, image.height).data;
    const count = { width: image.width, height: image.height, white: 0, dark: 0, red: 0, blue: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      if (r > 245 && g > 245 && b > 245) count.white++;
      else if (r < 60 && g < 60 && b < 60) count.dark++;
      else if (r > 180 && g < 90 && b < 90) count.red++;
      else if (b > 160 && r < 80) count.blue++;
    }
    return count;
  }, png.bytes.toString('base64'));

  // The drawing spans about 450 × 230 px; exported at 2× with padding.
  expect(pixels.width).toBeGreaterThan(900);
  expect(pixels.height).toBeGreaterThan(450);
  expect(pixels.white).toBeGreaterThan((pixels.width * pixels.height) / 2);
  for (const ink of [pixels.dark, pixels.red, pixels.blue]) expect(ink).toBeGreaterThan(500);
});

test('the SVG export holds one path per stroke, in the strokes’ colours', async ({
  page,
  server,
}) => {
  const room = uniqueRoom('export');
  await openSyncedBoard(page, server.url, room);
  await drawThree(page);

  const svg = await download(page, 'export-svg');
  expect(svg.name).toBe(`board-${room}.svg`);
  const text = svg.bytes.toString('utf8');
  expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const fills = [...text.matchAll(/<path d="M[^"]+Z" fill="([^"]+)"/g)].map(([, fill]) => fill);
  expect(fills).toEqual(['#1e1e1e', '#e03131', '#1c7ed6']);

  // And it is a drawing the browser renders.
  const rendered = await page.evaluate(async (markup) => {
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
    await image.decode();
    return { width: image.naturalWidth, height: image.naturalHeight };
  }, text);
  expect(rendered.width).toBeGreaterThan(450);
  expect(rendered.height).toBeGreaterThan(220);
});
