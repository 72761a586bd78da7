/**
 * Frame timing inside the page. The app draws only in requestAnimationFrame callbacks, so the
 * probe wraps requestAnimationFrame before the app loads and times every callback.
 *
 * Chromium records canvas drawing and rasterizes it later, outside the callback, so after each
 * callback one pixel of every canvas is read back: that forces the rasterization, which is then
 * timed too. "Every canvas" includes canvases the app never puts in the document (a copy of a
 * layer, say), so drawing into one of those cannot hide its cost. The bench's own waits use the
 * unwrapped function, so they are not counted.
 */
import type { Page } from '@playwright/test';
import type { FrameRecord } from './frame-stats.ts';

interface ProbeState {
  /** One entry per app callback; the same frame's callbacks share `time`. */
  callbacks: { time: number; jsMs: number; totalMs: number }[];
  lastAppFrameEnd: number;
  /** performance.now() (ms since navigation start) at the first frame with every stroke in. */
  allStrokesAt: number | null;
  /** When that frame's drawing (rasterized) ended. */
  firstFullFrameEnd: number | null;
  /** Long animation frames (≥ 50 ms by Chromium's own measure, readbacks included). */
  longFrames: { start: number; duration: number }[];
  rawFrame: typeof requestAnimationFrame;
}

/** Runs in the page before any of its scripts (page.addInitScript). Self-contained. */
export function installFrameProbe(expectedStrokes: number): void {
  const created = new Set<HTMLCanvasElement | OffscreenCanvas>();
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (
    this: Document,
    tag: string,
    options?: ElementCreationOptions,
  ) {
    const element = createElement.call(this, tag, options);
    if (element instanceof HTMLCanvasElement) created.add(element);
    return element;
  } as typeof createElement;
  if (typeof OffscreenCanvas === 'function') {
    const Original = OffscreenCanvas;
    window.OffscreenCanvas = class extends Original {
      constructor(width: number, height: number) {
        super(width, height);
        created.add(this);
      }
    };
  }
  const raw = window.requestAnimationFrame.bind(window);
  const state: ProbeState = {
    callbacks: [],
    lastAppFrameEnd: 0,
    allStrokesAt: null,
    firstFullFrameEnd: null,
    longFrames: [],
    rawFrame: raw,
  };
  window.requestAnimationFrame = (callback) =>
    raw((time) => {
      const begin = performance.now();
      const complete = window.__whiteboard?.strokeCount === expectedStrokes;
      callback(time);
      const drawn = performance.now();
      // Inline rather than a named helper: tsx wraps named functions in a helper (__name) that
      // does not exist in the page.
      const all = new Set<HTMLCanvasElement | OffscreenCanvas>(created);
      for (const canvas of document.querySelectorAll('canvas')) all.add(canvas);
      for (const canvas of all) {
        if (canvas.width === 0 || canvas.height === 0) continue;
        const ctx = canvas.getContext('2d') as
          CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
        ctx?.getImageData(0, 0, 1, 1);
      }
      const end = performance.now();
      state.callbacks.push({ time, jsMs: drawn - begin, totalMs: end - begin });
      state.lastAppFrameEnd = end;
      if (complete && state.firstFullFrameEnd === null) {
        state.allStrokesAt = begin;
        state.firstFullFrameEnd = end;
      }
    });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        state.longFrames.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // No Long Animation Frames API: the count stays empty, the callback timings still hold.
  }
  Object.assign(window, { __probe: state });
}

type ProbeWindow = { __probe: ProbeState };

/** Waits for one animation frame without being counted. */
export const nextFrame = (page: Page): Promise<unknown> =>
  page.evaluate(
    () => new Promise((resolve) => (window as unknown as ProbeWindow).__probe.rawFrame(resolve)),
  );

/** Starts a new measurement window. */
export const resetFrames = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__probe;
    probe.callbacks.length = 0;
    probe.longFrames.length = 0;
  });

export interface ProbeWindowResult {
  readonly frames: FrameRecord[];
  /** Long animation frames in the window (Chromium's own ≥ 50 ms measure), longest first. */
  readonly longFramesMs: number[];
  /** performance.now() when the app's last frame so far ended. */
  readonly lastFrameEnd: number;
}

/** The frames since the last reset, each the sum of that frame's app callbacks. */
export async function readFrames(page: Page): Promise<ProbeWindowResult> {
  const { callbacks, longFrames, lastFrameEnd } = await page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__probe;
    return {
      callbacks: probe.callbacks,
      longFrames: probe.longFrames,
      lastFrameEnd: probe.lastAppFrameEnd,
    };
  });
  const byTime = new Map<number, { time: number; jsMs: number; totalMs: number }>();
  for (const c of callbacks) {
    const frame = byTime.get(c.time) ?? { time: c.time, jsMs: 0, totalMs: 0 };
    frame.jsMs += c.jsMs;
    frame.totalMs += c.totalMs;
    byTime.set(c.time, frame);
  }
  return {
    frames: [...byTime.values()],
    longFramesMs: longFrames.map((f) => f.duration).sort((a, b) => b - a),
    lastFrameEnd,
  };
}

/**
 * Waits until the app has drawn nothing for `quietMs`: whatever a gesture left to do (a delayed
 * sharp repaint, say) is then done, and counted in the window.
 */
export async function waitUntilQuiet(page: Page, quietMs = 400, timeoutMs = 60_000) {
  await page.waitForFunction(
    (quiet) =>
      performance.now() - (window as unknown as ProbeWindow).__probe.lastAppFrameEnd > quiet,
    quietMs,
    { timeout: timeoutMs, polling: 50 },
  );
}

/** Navigation start → every stroke decoded, and → the first frame drawn with all of them. */
export async function readFirstRender(page: Page) {
  await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__probe.firstFullFrameEnd !== null,
    null,
    {
      timeout: 180_000,
      polling: 100,
    },
  );
  return page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__probe;
    return { decodedMs: probe.allStrokesAt ?? NaN, drawnMs: probe.firstFullFrameEnd ?? NaN };
  });
}
