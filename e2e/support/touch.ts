import type { CDPSession, Page } from '@playwright/test';

/** One finger on the glass: where, and which finger (ids stay the same while it is down). */
export interface Finger {
  readonly x: number;
  readonly y: number;
  readonly id: number;
}

/** A phone-sized touch screen, for `test.use`. */
export const PHONE = { viewport: { width: 390, height: 760 }, hasTouch: true, isMobile: true };

/** Time between two touch events of a gesture: one 60 Hz frame. */
const FRAME_MS = 16;
/**
 * How long a finger rests where a drag ends before it lifts. Lifted while still moving, it flicks:
 * Chromium then starts a fling and swallows the next tap as the one that stops it (seen: a tap
 * on a toolbar button 130 ms after a drag on the board got no click).
 */
const REST_MS = 200;

/**
 * Raw touch input through the DevTools protocol (Playwright's touchscreen only taps). Every
 * event lists each finger still down: one that appears is pressed, one that goes missing is
 * lifted; `end` lifts them all. Events carry timestamps a frame apart, so gestures have a
 * speed without the test sleeping.
 */
export class TouchScreen {
  readonly #session: CDPSession;
  #lastMs = 0;

  private constructor(session: CDPSession) {
    this.#session = session;
  }

  static async of(page: Page): Promise<TouchScreen> {
    return new TouchScreen(await page.context().newCDPSession(page));
  }

  start(fingers: readonly Finger[]): Promise<void> {
    return this.#send('touchStart', fingers, 0);
  }

  move(fingers: readonly Finger[], afterMs = FRAME_MS): Promise<void> {
    return this.#send('touchMove', fingers, afterMs);
  }

  end(): Promise<void> {
    return this.#send('touchEnd', [], FRAME_MS);
  }

  /** One finger pressed at `from`, slid to `to` in `steps` moves, held still there, and lifted. */
  async drag(
    from: readonly [number, number],
    to: readonly [number, number],
    steps = 4,
  ): Promise<void> {
    await this.start([{ x: from[0], y: from[1], id: 1 }]);
    for (let step = 1; step <= steps; step++) {
      const t = step / steps;
      const x = from[0] + (to[0] - from[0]) * t;
      const y = from[1] + (to[1] - from[1]) * t;
      await this.move([{ x, y, id: 1 }]);
    }
    await this.move([{ x: to[0], y: to[1], id: 1 }], REST_MS);
    await this.end();
  }

  /** A quick tap of one finger at `at`, without moving. */
  async tap(at: readonly [number, number]): Promise<void> {
    await this.start([{ x: at[0], y: at[1], id: 1 }]);
    await this.end();
  }

  async #send(
    type: 'touchStart' | 'touchMove' | 'touchEnd',
    fingers: readonly Finger[],
    afterMs: number,
  ): Promise<void> {
    // Never before the previous event, nor before now: a new gesture starts at the real time.
    this.#lastMs = Math.max(this.#lastMs + afterMs, Date.now());
    await this.#session.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: fingers.map(({ x, y, id }) => ({ x, y, id, radiusX: 4, radiusY: 4, force: 1 })),
      timestamp: this.#lastMs / 1000,
    });
  }
}
