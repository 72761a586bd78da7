/**
 * How long a frame takes while panning and zooming a board of 10,000 strokes in headless
 * Chromium (software rendering, as in CI).
 *
 *   node --import tsx bench/board/pan-frame-time.ts [strokeCount]
 *
 * Builds the board in Node with the document model (seeded pen traces spread over a large
 * area), hands it to a real relay through a y-websocket client, opens it in Chromium, then
 * pans with the wheel at 100 % (most strokes culled) and at zoom-to-fit (every stroke on
 * screen). Times every requestAnimationFrame callback (the app draws only in those) and the
 * interval between frames. Writes bench/results/board-pan-latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { drawStroke } from '../../web/src/model/test-support/drawing.ts';
import { penTrace } from '../../web/src/model/test-support/pen-trace.ts';
import { seededRandom } from '../../web/src/model/test-support/seeded-random.ts';
import { startServer } from '../../e2e/support/server.ts';

const STROKES = Number(process.argv[2] ?? 10_000);
const POINTS_PER_STROKE = 60;
/** World units: at 100 % a 1280 × 800 window shows about 1/60 of the board. */
const BOARD_SIDE = 10_000;
const PAN_STEPS = 60;
const COLORS = ['#1e1e1e', '#e03131', '#1c7ed6', '#2f9e44', '#7950f2'];

function buildBoard(): Uint8Array {
  const doc = new Y.Doc();
  const random = seededRandom(42);
  const origin = {};
  for (let i = 0; i < STROKES; i++) {
    const start = { x: random() * BOARD_SIDE, y: random() * BOARD_SIDE };
    drawStroke(doc, {
      id: `s${i}`,
      points: penTrace(random, POINTS_PER_STROKE, { start }),
      origin,
      color: COLORS[i % COLORS.length],
      width: 2 + (i % 4) * 2,
      chunkSize: POINTS_PER_STROKE,
    });
  }
  return Y.encodeStateAsUpdate(doc);
}

async function upload(url: string, room: string, update: Uint8Array): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const provider = new WebsocketProvider(url.replace('http', 'ws') + '/ws', room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  // The relay answers our sync step only after storing what we sent with it.
  provider.destroy();
  doc.destroy();
}

/**
 * Wraps requestAnimationFrame before the app loads, to time every callback the app makes.
 * Chromium records canvas drawing and rasterizes it later, so after each callback one pixel of
 * every canvas is read back: that forces the rasterization, which is then timed too. The bench's
 * own waits use the unwrapped function (`__rawFrame`), so they are not counted.
 */
function instrumentFrames(): void {
  const frames = {
    js: [] as number[],
    total: [] as number[],
    starts: [] as number[],
    fills: [] as number[],
  };
  let fills = 0;
  const fill = CanvasRenderingContext2D.prototype.fill;
  CanvasRenderingContext2D.prototype.fill = function (this: CanvasRenderingContext2D, ...args) {
    fills++;
    return (fill as (...a: unknown[]) => void).apply(this, args);
  } as typeof fill;
  const original = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    original((time) => {
      fills = 0;
      const begin = performance.now();
      callback(time);
      const drawn = performance.now();
      for (const canvas of document.querySelectorAll('canvas')) {
        canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
      }
      const end = performance.now();
      frames.js.push(drawn - begin);
      frames.total.push(end - begin);
      frames.starts.push(begin);
      frames.fills.push(fills);
    });
  Object.assign(window, { __frames: frames, __rawFrame: original });
}

interface Frames {
  js: number[];
  total: number[];
  starts: number[];
  /** Paths filled in the frame: strokes drawn. */
  fills: number[];
}

const nextFrame = (page: Page) =>
  page.evaluate(
    () =>
      new Promise((resolve) =>
        (window as unknown as { __rawFrame: typeof requestAnimationFrame }).__rawFrame(resolve),
      ),
  );

const resetFrames = (page: Page) =>
  page.evaluate(() => {
    const frames = (window as unknown as { __frames: Frames }).__frames;
    for (const list of [frames.js, frames.total, frames.starts, frames.fills]) list.length = 0;
  });

const readFrames = (page: Page) =>
  page.evaluate(() => (window as unknown as { __frames: Frames }).__frames);

interface FrameStats {
  frames: number;
  strokesDrawnMedian: number;
  /** The app's drawing calls only. */
  jsMedianMs: number;
  /** Drawing calls plus rasterizing them (forced by a one-pixel readback). */
  totalMedianMs: number;
  totalP95Ms: number;
  totalMaxMs: number;
}

/** Pans (or with `zoom`, zooms in and out about the middle) one wheel event per frame. */
async function panAndMeasure(page: Page, zoom = false): Promise<FrameStats> {
  await resetFrames(page);
  await page.mouse.move(640, 400);
  if (zoom) await page.keyboard.down('Control');
  for (let i = 0; i < PAN_STEPS; i++) {
    // Back and forth, so the view stays on the board at any zoom.
    const sign = i % 2 ? 1 : -1;
    if (zoom) await page.mouse.wheel(0, 20 * sign);
    else await page.mouse.wheel(37 * sign, 41 * sign);
    // Let the frame the wheel scheduled run before the next step.
    await nextFrame(page);
  }
  if (zoom) await page.keyboard.up('Control');
  const { js, total, fills } = await readFrames(page);
  const quantile = (list: number[], q: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return round(sorted[Math.floor(q * (sorted.length - 1))] ?? NaN);
  };
  return {
    frames: total.length,
    strokesDrawnMedian: quantile(fills, 0.5),
    jsMedianMs: quantile(js, 0.5),
    totalMedianMs: quantile(total, 0.5),
    totalP95Ms: quantile(total, 0.95),
    totalMaxMs: quantile(total, 1),
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function main(): Promise<void> {
  const built = performance.now();
  const update = buildBoard();
  console.log(
    `built ${STROKES} strokes (${(update.length / 1e6).toFixed(1)} MB update) in ${Math.round(performance.now() - built)} ms`,
  );
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const room = `bench-${Date.now()}`;
    await upload(server.url, room, update);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(instrumentFrames);
    const opened = performance.now();
    await page.goto(`${server.url}/r/${room}`);
    await page.waitForFunction((n) => window.__whiteboard?.strokeCount === n, STROKES, {
      timeout: 120_000,
    });
    await nextFrame(page);
    const loadMs = Math.round(performance.now() - opened);
    console.log(`page open → ${STROKES} strokes decoded and drawn: ${loadMs} ms`);

    const atHundred = await panAndMeasure(page);
    console.log('panning at 100 %:', atHundred);

    // The first fitted frame builds the outline of every stroke not drawn before.
    await resetFrames(page);
    await page.keyboard.press('Shift+Digit1');
    await page.waitForFunction(() => (window.__whiteboard?.viewport.zoom ?? 1) < 0.2);
    await nextFrame(page);
    await nextFrame(page);
    const firstFit = Math.max(...(await readFrames(page)).total);
    const fitted = await panAndMeasure(page);
    console.log(
      `first zoom-to-fit frame: ${round(firstFit)} ms; panning with all visible:`,
      fitted,
    );

    // Zoomed in until the board fills the window: about half of the strokes on screen.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Equal');
    const filled = await panAndMeasure(page);
    console.log('panning with the board filling the window:', filled);
    const zooming = await panAndMeasure(page, true);
    console.log('zooming (Ctrl+wheel) with the board filling the window:', zooming);

    const result = {
      date: new Date().toISOString(),
      strokes: STROKES,
      pointsPerStroke: POINTS_PER_STROKE,
      updateBytes: update.length,
      loadMs,
      panAt100Percent: atHundred,
      firstFitFrameMs: round(firstFit),
      panAllVisible: fitted,
      panBoardFillsWindow: filled,
      zoomBoardFillsWindow: zooming,
    };
    await mkdir(new URL('../results/', import.meta.url), { recursive: true });
    await writeFile(
      new URL('../results/board-pan-latest.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
