import type { TimerHandle, Timers } from '../timing/timers.ts';

export const ACTIVITIES = ['active', 'idle'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** A minute without touching the pointer or keyboard: long enough not to flicker while thinking. */
export const DEFAULT_IDLE_MS = 60_000;

/**
 * Turns a stream of "the user did something" into active/idle transitions. One timer at a
 * time, re-armed lazily: activity only records a timestamp, and when the timer fires early
 * (because activity came since) it is set again for the remainder. Pointer moves arrive at
 * 60–120 Hz, so this saves a clearTimeout/setTimeout pair on every one of them.
 */
export class IdleTracker {
  readonly #idleMs: number;
  readonly #timers: Timers;
  readonly #onChange: (activity: Activity) => void;
  #activity: Activity = 'active';
  #lastActivityAt: number;
  #timer: TimerHandle | null = null;

  constructor(idleMs: number, timers: Timers, onChange: (activity: Activity) => void) {
    if (!(idleMs > 0)) throw new RangeError(`idle timeout must be positive, got ${idleMs}`);
    this.#idleMs = idleMs;
    this.#timers = timers;
    this.#onChange = onChange;
    this.#lastActivityAt = timers.now();
    this.#arm(idleMs);
  }

  get activity(): Activity {
    return this.#activity;
  }

  noteActivity(): void {
    this.#lastActivityAt = this.#timers.now();
    if (this.#activity === 'idle') {
      this.#activity = 'active';
      this.#arm(this.#idleMs);
      this.#onChange('active');
    }
  }

  destroy(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(this.#check, ms);
  }

  readonly #check = (): void => {
    this.#timer = null;
    const quietFor = this.#timers.now() - this.#lastActivityAt;
    if (quietFor < this.#idleMs) {
      this.#arm(this.#idleMs - quietFor);
      return;
    }
    this.#activity = 'idle';
    this.#onChange('idle');
  };
}
