import { chromium } from '@playwright/test';
import { startServer } from '../../e2e/support/server.ts';
import { cachedBoard } from './board-fixture.ts';
import { uploadBoard } from './relay-peer.ts';
const N = 10000;
const { fixture } = await cachedBoard(N, '/tmp/whiteboard-bench-client/boards');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const images: Record<string, number[]> = {};
for (const [name, dir] of [
  ['base', '/tmp/wb-base-app'],
  ['mine', '/tmp/wb-e2e-app'],
] as const) {
  const server = await startServer({
    env: {
      MAX_PAYLOAD_BYTES: String(256 << 20),
      MAX_BUFFERED_BYTES: String(512 << 20),
      RATE_LIMIT_BYTES_PER_SECOND: String(1 << 30),
      STATIC_DIR: dir,
    },
  });
  const room = `shot-${Date.now()}`;
  (await uploadBoard(server.url, room, fixture.update, N)).leave();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/r/${room}`);
  await page.waitForFunction((n) => window.__whiteboard?.strokeCount === n, N, { timeout: 60000 });
  for (const [view, keys] of [
    ['fit', ['Shift+Digit1']],
    ['fill', ['Equal', 'Equal', 'Equal']],
    ['close', ['Equal', 'Equal', 'Equal', 'Equal']],
  ] as const) {
    for (const k of keys) await page.keyboard.press(k);
    await page.waitForTimeout(4000);
    await page
      .locator('[data-testid="board-strokes"]')
      .screenshot({ path: `/tmp/shot-${name}-${view}.png` });
    images[`${name}-${view}`] = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('canvas[data-testid="board-strokes"]')!;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
    });
  }
  await page.close();
  await server.stop();
}
for (const view of ['fit', 'fill', 'close']) {
  const a = images[`base-${view}`]!,
    b = images[`mine-${view}`]!;
  let inkA = 0,
    inkB = 0,
    diff = 0,
    big = 0;
  for (let i = 3; i < a.length; i += 4) {
    inkA += a[i]!;
    inkB += b[i]!;
    const d = Math.abs(a[i]! - b[i]!);
    diff += d;
    if (d > 64) big++;
  }
  console.log(
    view,
    'total alpha base',
    inkA,
    'mine',
    inkB,
    'ratio',
    (inkB / inkA).toFixed(3),
    'mean |diff|/px',
    (diff / (a.length / 4)).toFixed(2),
    'pixels differing > 64',
    big,
  );
}
await browser.close();
