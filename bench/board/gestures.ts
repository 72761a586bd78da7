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

const worldAt = (viewport: Viewport, screen: Vec): Vec => ({
  x: viewport.x + screen.x / viewport.zoom,
  y: viewport.y + screen.y / viewport.zoom,
});

/** Frames the page draws while `drive` runs (a remote peer drawing, say) and it idles. */
export const whileIdle = (page: Page, drive: () => Promise<void>): Promise<Measured> =>
  measure(page, drive);
