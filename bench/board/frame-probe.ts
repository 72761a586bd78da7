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

/** A long animation frame, and the script that ran longest in it (e.g. a WebSocket message). */
export interface LongFrame {
  readonly start: number;
  readonly duration: number;
  readonly longestScript: string;
}

interface ProbeState {
  /** One entry per app callback; the same frame's callbacks share `time`. */
  callbacks: { time: number; jsMs: number; totalMs: number }[];
  lastAppFrameEnd: number;
  /** performance.now() (ms since navigation start) at the first frame with every stroke in. */
  allStrokesAt: number | null;
  /** When that frame's drawing (rasterized) ended. */
  firstFullFrameEnd: number | null;
  /** Long animation frames (≥ 50 ms by Chromium's own measure, readbacks included). */
  longFrames: LongFrame[];
  /** When the page first opened a WebSocket, and when the first message over 1 KB arrived. */
  socketOpenedAt: number | null;
  stateArrivedAt: number | null;
  rawFrame: typeof requestAnimationFrame;
}

/** Runs in the page before any of its scripts (page.addInitScript). Self-contained. */
export function installFrameProbe(expectedStrokes: number): void {
  // Weak: a canvas the app has dropped must neither be kept alive nor read every frame.
  let created: WeakRef<HTMLCanvasElement | OffscreenCanvas>[] = [];
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (
    this: Document,
    tag: string,
    options?: ElementCreationOptions,
  ) {
    const element = createElement.call(this, tag, options);
    if (element instanceof HTMLCanvasElement) created.push(new WeakRef(element));
    return element;
  } as typeof createElement;
  if (typeof OffscreenCanvas === 'function') {
    const Original = OffscreenCanvas;
    window.OffscreenCanvas = class extends Original {
      constructor(width: number, height: number) {
        super(width, height);
        created.push(new WeakRef(this));
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
    socketOpenedAt: null,
    stateArrivedAt: null,
    rawFrame: raw,
  };
  const OriginalSocket = WebSocket;
  window.WebSocket = class extends OriginalSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      state.socketOpenedAt ??= performance.now();
      this.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data;
        const size =
          data instanceof ArrayBuffer ? data.byteLength : data instanceof Blob ? data.size : 0;
        if (size > 1024) state.stateArrivedAt ??= performance.now();
      });
    }
  };
  window.requestAnimationFrame = (callback) =>
    raw((time) => {
      const begin = performance.now();
      const complete = window.__whiteboard?.strokeCount === expectedStrokes;
      callback(time);
      const drawn = performance.now();
      // Inline rather than a named helper: tsx wraps named functions in a helper (__name) that
      // does not exist in the page.
      const all = new Set<HTMLCanvasElement | OffscreenCanvas>(document.querySelectorAll('canvas'));
      created = created.filter((ref) => {
        const canvas = ref.deref();
        if (canvas) all.add(canvas);
        return canvas !== undefined;
      });
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
        // PerformanceLongAnimationFrameTiming, not in TypeScript's DOM types yet.
        const scripts =
          (entry as unknown as { scripts?: { duration: number; invoker: string }[] }).scripts ?? [];
        let longest = '';
        let longestMs = 0;
        for (const script of scripts) {
          if (script.duration > longestMs) {
            longestMs = script.duration;
            longest = `${script.invoker} (${Math.round(script.duration)} ms)`;
          }
        }
        state.longFrames.push({
          start: entry.startTime,
          duration: entry.duration,
          longestScript: longest,
        });
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
  readonly longFrames: LongFrame[];
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
    longFrames: [...longFrames].sort((a, b) => b.duration - a.duration),
    lastFrameEnd,
  };
}

/**
 * Waits until the app has drawn since `since` (performance.now() in the page, taken before the
 * input) and then nothing for `quietMs`: whatever the input left to do (a sharp repaint once a
 * zoom settles, say) is then done, and counted. An input that draws nothing ends after a second.
 * Quiet means no frame at all: a timer the app set, delayed by other work, still counts.
 */
export async function waitUntilDone(page: Page, since: number, quietMs = 500, timeoutMs = 60_000) {
  await page.waitForFunction(
    ([since, quiet]) => {
      const last = (window as unknown as ProbeWindow).__probe.lastAppFrameEnd;
      const now = performance.now();
      return last > since ? now - last > quiet : now - since > 1000;
    },
    [since, quietMs] as const,
    { timeout: timeoutMs, polling: 50 },
  );
}

/** performance.now() in the page. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/**
 * From navigation start: the page's WebSocket opened, the relay's state (the first message
 * over 1 KB) arrived, every stroke decoded, the first frame drawn with all of them.
 */
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
    return {
      socketMs: probe.socketOpenedAt ?? NaN,
      stateMs: probe.stateArrivedAt ?? NaN,
      decodedMs: probe.allStrokesAt ?? NaN,
      drawnMs: probe.firstFullFrameEnd ?? NaN,
    };
  });
}
