import { describe, expect, it } from 'vitest';
import { ManualClock } from '../timing/test-support/manual-clock.ts';
import { throttle } from './throttle.ts';

function recorder() {
  const clock = new ManualClock();
  const sent: { value: number; at: number }[] = [];
  const throttled = throttle<number>((value) => sent.push({ value, at: clock.now() }), 100, clock);
  return { clock, sent, throttled };
}

describe('throttle', () => {
  it('sends the first value at once', () => {
    const { sent, throttled } = recorder();
    throttled.push(1);
    expect(sent).toEqual([{ value: 1, at: 0 }]);
  });

  it('collapses a burst into the newest value, sent when the interval ends', () => {
    const { clock, sent, throttled } = recorder();
    throttled.push(1);
    clock.advance(10);
    throttled.push(2);
    clock.advance(10);
    throttled.push(3);
    expect(sent).toHaveLength(1);
    clock.advance(79);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toEqual([
      { value: 1, at: 0 },
      { value: 3, at: 100 },
    ]);
  });

  it('never sends more than once per interval under a steady stream', () => {
    const { clock, sent, throttled } = recorder();
    for (let t = 0; t < 1000; t += 8) {
      throttled.push(t);
      clock.advance(8);
    }
    clock.advance(200);
    const gaps = sent.slice(1).map((entry, index) => entry.at - (sent[index]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    expect(sent.length).toBeLessThanOrEqual(11);
    // The last value pushed is the last one sent: a gesture's final position is never lost.
    expect(sent.at(-1)?.value).toBe(992);
  });

  it('sends at once again after a quiet interval', () => {
    const { clock, sent, throttled } = recorder();
    throttled.push(1);
    clock.advance(150);
    throttled.push(2);
    expect(sent.map((entry) => entry.at)).toEqual([0, 150]);
  });

  it('flush sends a waiting value now; cancel drops it', () => {
    const { clock, sent, throttled } = recorder();
    throttled.push(1);
    throttled.push(2);
    throttled.flush();
    expect(sent.map((entry) => entry.value)).toEqual([1, 2]);
    throttled.push(3);
    throttled.cancel();
    clock.advance(500);
    expect(sent.map((entry) => entry.value)).toEqual([1, 2]);
    expect(clock.pending).toBe(0);
  });
});
