/**
 * What a person does to the open board, each measured from its first input to the moment the
 * app stops drawing: frames the app spends finishing up after the input stops (a sharp repaint
 * after zooming, say) count too.
 */
import type { Page } from '@playwright/test';
import type { Vec } from '../../web/src/model/geometry.ts';
import type { Viewport } from '../../web/src/model/viewport.ts';
import { nextFrame, pageNow, readFrames, resetFrames, waitUntilDone } from './frame-probe.ts';
import { round, summarizeFrames, type FrameRecord, type FrameStats } from './frame-stats.ts';

export interface Measured extends FrameStats {
  /** Chromium's own count of animation frames of 50 ms or more (readbacks included). */
  readonly longFrames: number;
  /** What ran longest in each of them, longest frame first. */
  readonly longFrameCauses: readonly string[];
  /** From the last input to the app's last frame: how long the picture took to be complete. */
  readonly settleMs: number;
  /** From the first input to the app's last frame: how long the whole gesture took to show. */
  readonly doneMs: number;
  /** Every frame, in order. */
  readonly timeline: readonly FrameRecord[];
}

export const WINDOW = { width: 1280, height: 800 } as const;
const MIDDLE = { x: WINDOW.width / 2, y: WINDOW.height / 2 };

async function measure(page: Page, act: () => Promise<void>): Promise<Measured> {
  await waitUntilDone(page, 0);
  await resetFrames(page);
  const inputStart = await pageNow(page);
  await act();
  const inputEnd = await pageNow(page);
  await waitUntilDone(page, inputStart);
  const { frames, longFrames, lastFrameEnd } = await readFrames(page);
  return {
    ...summarizeFrames(frames),
    longFrames: longFrames.length,
    longFrameCauses: longFrames.map((f) => `${Math.round(f.duration)} ms: ${f.longestScript}`),
    settleMs: round(Math.max(0, lastFrameEnd - inputEnd), 0),
    doneMs: round(Math.max(0, lastFrameEnd - inputStart), 0),
    timeline: frames,
  };
}

/**
 * Wheel events one per frame, as a trackpad sends them: `steps` / 2 one way, then back.
 * With `zoom`, Ctrl+wheel about the middle of the window: in, out past the start, and back in.
 */
export function wheel(page: Page, steps: number, kind: 'pan' | 'zoom'): Promise<Measured> {
  return measure(page, async () => {
    await page.mouse.move(MIDDLE.x, MIDDLE.y);
    if (kind === 'zoom') await page.keyboard.down('Control');
    for (let i = 0; i < steps; i++) {
      if (kind === 'zoom') {
        // e^(±20 × 0.005) ≈ 1.1× per step (tools/wheel.ts).
        const outward = i >= steps / 4 && i < (3 * steps) / 4;
        await page.mouse.wheel(0, outward ? 20 : -20);
      } else {
        const sign = i < steps / 2 ? 1 : -1;
        await page.mouse.wheel(37 * sign, 23 * sign);
      }
      // Let the frame the wheel scheduled run before the next step.
      await nextFrame(page);
    }
    if (kind === 'zoom') await page.keyboard.up('Control');
  });
}

/** A keyboard shortcut that moves the camera (zoom to fit, reset zoom): one transition. */
export const press = (page: Page, key: string): Promise<Measured> =>
  measure(page, () => page.keyboard.press(key));

/** The world point at the middle of the window, and the zoom, as the page's test hook has it. */
export async function viewCenter(page: Page): Promise<{ center: Vec; zoom: number }> {
  const viewport = await page.evaluate(() => window.__whiteboard?.viewport);
  if (!viewport) throw new Error('the page has no board open');
  return { center: worldAt(viewport, MIDDLE), zoom: viewport.zoom };
}

export const worldAt = (viewport: Viewport, screen: Vec): Vec => ({
  x: viewport.x + screen.x / viewport.zoom,
  y: viewport.y + screen.y / viewport.zoom,
});

/** Frames the page draws while `drive` runs (a remote peer drawing, say) and it idles. */
export const whileIdle = (page: Page, drive: () => Promise<void>): Promise<Measured> =>
  measure(page, drive);

export const screenAt = (viewport: Viewport, world: Vec): Vec => ({
  x: (world.x - viewport.x) * viewport.zoom,
  y: (world.y - viewport.y) * viewport.zoom,
});

async function readViewport(page: Page): Promise<Viewport> {
  const viewport = await page.evaluate(() => window.__whiteboard?.viewport);
  if (!viewport) throw new Error('the page has no board open');
  return viewport;
}

/** The ids the select tool holds and the world frame around them. */
export async function readSelection(page: Page) {
  const selection = await page.evaluate(() => window.__whiteboard?.selection);
  if (!selection) throw new Error('the page has no board open');
  return selection;
}

/**
 * A selection box dragged with the select tool from world point `from` (which must be on the
 * empty board) to `to`. The box is first opened a few pixels, then the measured input is the
 * one pointer move that stretches it over everything: from that move to the frame that shows
 * the selection. Releases the button afterwards, unmeasured.
 */
export async function boxSelect(page: Page, from: Vec, to: Vec): Promise<Measured> {
  const viewport = await readViewport(page);
  const start = screenAt(viewport, from);
  const end = screenAt(viewport, to);
  await page.keyboard.press('Escape');
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 4, start.y + 4);
  const m = await measure(page, () => page.mouse.move(end.x, end.y));
  await page.mouse.up();
  await waitUntilDone(page, await pageNow(page));
  return m;
}

/**
 * Drags the current selection from the middle of its frame by (`dx`, `dy`) screen pixels in
 * `steps` pointer moves, one per frame, as a mouse does; the button is pressed and released
 * inside the measurement.
 */
export async function dragSelection(page: Page, steps: number, dx: number, dy: number) {
  const { frame } = await readSelection(page);
  if (!frame) throw new Error('nothing is selected to drag');
  const viewport = await readViewport(page);
  const start = screenAt(viewport, {
    x: (frame.minX + frame.maxX) / 2,
    y: (frame.minY + frame.maxY) / 2,
  });
  await page.mouse.move(start.x, start.y);
  return measure(page, async () => {
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(start.x + (dx * i) / steps, start.y + (dy * i) / steps);
      await nextFrame(page);
    }
    await page.mouse.up();
  });
}
