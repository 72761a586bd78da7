import type { TimerHandle, Timers } from '../timers.ts';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Timers that only move when a test calls `advance`, firing due callbacks in time order. */
export class ManualClock implements Timers {
  #now = 0;
  #nextId = 1;
  #scheduled: Scheduled[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#scheduled.push({ id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#scheduled = this.#scheduled.filter((timer) => timer.id !== handle);
  }

  /** How many callbacks are waiting to fire. */
  get pending(): number {
    return this.#scheduled.length;
  }

  /** Moves time forward by `ms`, running each callback at its own moment along the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#scheduled
        .filter((timer) => timer.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#scheduled = this.#scheduled.filter((timer) => timer !== due);
      this.#now = due.at;
      due.callback();
    }
    this.#now = end;
  }
}
