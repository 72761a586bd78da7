import { describe, expect, it } from 'vitest';
import { IdleTracker, type Activity } from './idle.ts';
import { ManualClock } from '../timing/test-support/manual-clock.ts';

function tracker(idleMs = 1000) {
  const clock = new ManualClock();
  const changes: Activity[] = [];
  const idle = new IdleTracker(idleMs, clock, (activity) => changes.push(activity));
  return { clock, changes, idle };
}

describe('IdleTracker', () => {
  it('turns idle once the timeout passes without activity', () => {
    const { clock, changes, idle } = tracker();
    clock.advance(999);
    expect(idle.activity).toBe('active');
    clock.advance(1);
    expect(idle.activity).toBe('idle');
    expect(changes).toEqual(['idle']);
  });

  it('counts the timeout from the latest activity', () => {
    const { clock, changes, idle } = tracker();
    clock.advance(600);
    idle.noteActivity();
    clock.advance(600);
    expect(idle.activity).toBe('active');
    clock.advance(400);
    expect(idle.activity).toBe('idle');
    expect(changes).toEqual(['idle']);
  });

  it('is active again on the next activity, and idle again after another timeout', () => {
    const { clock, changes, idle } = tracker();
    clock.advance(1000);
    idle.noteActivity();
    expect(idle.activity).toBe('active');
    clock.advance(1000);
    expect(changes).toEqual(['idle', 'active', 'idle']);
  });

  it('reports nothing while activity keeps coming, with one timer at a time', () => {
    const { clock, changes, idle } = tracker();
    for (let i = 0; i < 500; i++) {
      idle.noteActivity();
      clock.advance(16);
      expect(clock.pending).toBe(1);
    }
    expect(changes).toEqual([]);
  });

  it('stops when destroyed', () => {
    const { clock, changes, idle } = tracker();
    idle.destroy();
    clock.advance(5000);
    expect(changes).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('rejects a timeout that is not positive', () => {
    const clock = new ManualClock();
    expect(() => new IdleTracker(0, clock, () => {})).toThrow(RangeError);
    expect(() => new IdleTracker(NaN, clock, () => {})).toThrow(RangeError);
  });
});
