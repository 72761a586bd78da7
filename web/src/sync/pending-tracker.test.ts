import { describe, expect, it } from 'vitest';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
import { NOTHING_PENDING, type PendingChanges } from './pending-changes.ts';
import { PendingTracker } from './pending-tracker.ts';

const changes = (count: number): PendingChanges => ({
  count,
  strokeIds: new Set(),
  structs: count,
  deletions: 0,
});

function setup() {
  const timers = new ManualClock();
  let current: PendingChanges = NOTHING_PENDING;
  let counts = 0;
  let notified = 0;
  const tracker = new PendingTracker({
    count: () => {
      counts++;
      return current;
    },
    onChange: () => notified++,
    timers,
    now: () => timers.now(),
    throttleMs: 100,
    settleMs: 300,
  });
  return {
    timers,
    tracker,
    set: (next: PendingChanges) => (current = next),
    counts: () => counts,
    notified: () => notified,
  };
}

describe('PendingTracker', () => {
  it('marks a local change unsettled at once, before any count', () => {
    const { tracker, counts, notified } = setup();
    tracker.localChange();
    expect(tracker.unsettled).toBe(true);
    expect(counts()).toBe(0);
    expect(notified()).toBe(1);
  });

  it('counts at most once per throttle interval however many changes arrive', () => {
    const { timers, tracker, counts, set } = setup();
    set(changes(1));
    for (let i = 0; i < 50; i++) {
      tracker.localChange();
      tracker.remoteChange();
      timers.advance(2);
    }
    // 100 ms of changes: one count straight after the first, one 100 ms later.
    expect(counts()).toBe(2);
    expect(tracker.pending.count).toBe(1);
  });

  it('settles only once no local change has come for the settle time', () => {
    const { timers, tracker, set } = setup();
    set(changes(1));
    tracker.localChange();
    timers.advance(0);
    expect(tracker.pending.count).toBe(1);
    expect(tracker.unsettled).toBe(true);
    timers.advance(50);
    set(NOTHING_PENDING); // the relay acknowledged it
    tracker.remoteChange();
    timers.advance(50);
    expect(tracker.pending.count).toBe(0);
    expect(tracker.unsettled).toBe(true); // 100 ms after the change: too soon to say saved
    timers.advance(199);
    expect(tracker.unsettled).toBe(true);
    timers.advance(1);
    expect(tracker.unsettled).toBe(false);
  });

  it('keeps a steady drawer unsettled instead of flickering to settled between batches', () => {
    const { timers, tracker, set } = setup();
    const seen: boolean[] = [];
    for (let t = 0; t < 2000; t += 16) {
      set(changes(t % 32 === 0 ? 1 : 0)); // acknowledged within a frame, every other frame
      tracker.localChange();
      timers.advance(16);
      seen.push(tracker.unsettled);
    }
    expect(seen.every(Boolean)).toBe(true);
    set(NOTHING_PENDING);
    timers.advance(300);
    expect(tracker.unsettled).toBe(false);
    expect(tracker.pending.count).toBe(0);
  });

  it('counts relay news without unsettling anything', () => {
    const { timers, tracker, set, notified } = setup();
    set(changes(2));
    tracker.remoteChange();
    expect(tracker.unsettled).toBe(false);
    expect(tracker.pending.count).toBe(0); // not within the task that brought the news
    timers.advance(0);
    expect(tracker.pending.count).toBe(2);
    expect(notified()).toBe(1);
    tracker.remoteChange();
    timers.advance(100);
    expect(notified()).toBe(1); // same count: no news
  });

  it('counts at once on request, and never after being destroyed', () => {
    const { timers, tracker, set, counts } = setup();
    set(changes(3));
    tracker.countNow();
    expect(tracker.pending.count).toBe(3);
    tracker.localChange();
    tracker.destroy();
    timers.advance(1000);
    tracker.countNow();
    expect(counts()).toBe(1);
    expect(timers.pending).toBe(0);
  });
});
