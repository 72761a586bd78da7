import { describe, expect, it } from 'vitest';
import { seededRandom } from '../model/test-support/seeded-random.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
import { DEFAULT_BACKOFF, Reconnector, retryDelay, type ReconnectLink } from './reconnect.ts';

describe('retryDelay', () => {
  it('grows the ceiling exponentially from the base up to the cap', () => {
    const ceiling = (failures: number) => retryDelay(failures, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 10, 100].map(ceiling)).toEqual([
      499, 999, 1999, 3999, 4999, 4999, 4999, 4999,
    ]);
  });

  it('draws each delay uniformly below the ceiling (full jitter)', () => {
    expect(retryDelay(3, () => 0)).toBe(0);
    expect(retryDelay(3, () => 0.5)).toBe(1000);
    const random = seededRandom(11);
    const delays = Array.from({ length: 2000 }, () => retryDelay(8, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(DEFAULT_BACKOFF.capMs);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(2250);
    expect(mean).toBeLessThan(2750);
    // Pages that lost the relay together do not all come back together.
    expect(new Set(delays.map((d) => Math.floor(d / 250))).size).toBe(20);
  });

  it('honours another policy', () => {
    expect(retryDelay(1, () => 0.999999, { baseMs: 100, capMs: 150 })).toBe(99);
    expect(retryDelay(5, () => 0.999999, { baseMs: 100, capMs: 150 })).toBe(149);
  });
});

/** y-websocket's provider as the reconnector sees it. */
class FakeLink implements ReconnectLink {
  active = false;
  opens = 0;
  closes = 0;
  ownRetryCancelled = 0;
  onClose: () => void = () => {};

  open(): void {
    if (this.active) return;
    this.active = true;
    this.opens++;
  }
  close(): void {
    this.closes++;
    this.fail();
  }
  cancelOwnRetry(): void {
    this.ownRetryCancelled++;
  }
  /** The socket closes, or an attempt fails. */
  fail(): void {
    this.active = false;
    this.onClose();
  }
}

function setup(random: () => number = () => 0.5) {
  const timers = new ManualClock();
  const link = new FakeLink();
  const reconnector = new Reconnector(link, { timers, random });
  link.onClose = () => reconnector.closed();
  return { timers, link, reconnector };
}

describe('Reconnector', () => {
  it('opens once started, and not before', () => {
    const { link, reconnector } = setup();
    reconnector.online();
    reconnector.visible();
    expect(link.opens).toBe(0);
    reconnector.start();
    reconnector.start();
    expect(link.opens).toBe(1);
  });

  it("retries on its own schedule after each close, cancelling y-websocket's", () => {
    const { timers, link, reconnector } = setup(() => 0.5);
    reconnector.start();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      link.fail();
      expect(link.ownRetryCancelled).toBe(i + 1);
      const opensBefore = link.opens;
      let waited = 0;
      while (link.opens === opensBefore) {
        timers.advance(1);
        waited++;
      }
      waits.push(waited);
    }
    // Half of each ceiling: 500, 1000, 2000, 4000, 5000, 5000 ms.
    expect(waits).toEqual([250, 500, 1000, 2000, 2500, 2500]);
    expect(reconnector.failures).toBe(6);
  });

  it('starts the backoff afresh once a connection syncs', () => {
    const { timers, link, reconnector } = setup(() => 0.999);
    reconnector.start();
    for (let i = 0; i < 4; i++) {
      link.fail();
      timers.advance(5000);
    }
    reconnector.synced();
    expect(reconnector.failures).toBe(0);
    link.fail();
    const opens = link.opens;
    timers.advance(499);
    expect(link.opens).toBe(opens + 1);
  });

  it('tries at once when the browser is back online, and again from the shortest delay', () => {
    const { timers, link, reconnector } = setup(() => 0.999);
    reconnector.start();
    for (let i = 0; i < 5; i++) {
      link.fail();
      timers.advance(5000);
    }
    link.fail();
    expect(reconnector.waiting).toBe(true);
    const opens = link.opens;
    reconnector.online();
    expect(link.opens).toBe(opens + 1);
    expect(reconnector.waiting).toBe(false);
    link.fail(); // still no luck: the first step of the backoff again
    timers.advance(499);
    expect(link.opens).toBe(opens + 2);
  });

  it('tries at once when the tab becomes visible, but never opens a second socket', () => {
    const { link, reconnector } = setup();
    reconnector.start();
    reconnector.visible();
    reconnector.online();
    expect(link.opens).toBe(1);
    link.fail();
    reconnector.visible();
    expect(link.opens).toBe(2);
  });

  it('closes a socket that may be dead as soon as the browser says it is offline', () => {
    const { timers, link, reconnector } = setup();
    reconnector.start();
    reconnector.offline();
    expect(link.closes).toBe(1);
    expect(link.active).toBe(false);
    expect(reconnector.waiting).toBe(true);
    reconnector.offline(); // no socket now: nothing to close
    expect(link.closes).toBe(1);
    timers.advance(5000);
    expect(link.opens).toBe(2);
  });

  it('does nothing more once destroyed', () => {
    const { timers, link, reconnector } = setup();
    reconnector.start();
    link.fail();
    reconnector.destroy();
    timers.advance(10_000);
    reconnector.online();
    reconnector.visible();
    link.fail();
    expect(link.opens).toBe(1);
    expect(timers.pending).toBe(0);
    // y-websocket's own retry stays cancelled, or it would reconnect a destroyed board.
    expect(link.ownRetryCancelled).toBe(2);
  });
});
