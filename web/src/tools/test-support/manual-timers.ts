import type { Timers } from '../timers.ts';

/** Timers that fire only when a test moves the clock with `advance`. */
export class ManualTimers implements Timers {
  now = 0;
  #next = 1;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): number {
    const handle = this.#next++;
    this.#pending.set(handle, { at: this.now + ms, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Moves the clock on by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#pending]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [handle, timer] = due;
      this.#pending.delete(handle);
      this.now = timer.at;
      timer.callback();
    }
    this.now = until;
  }
}
