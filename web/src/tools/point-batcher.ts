import { browserTimers, type Timers } from '../timing/timers.ts';

/**
 * About 30 document updates a second while drawing: each append is a Yjs update that every peer
 * receives and the relay stores, so sending one per pointer event (60–240 Hz with coalesced
 * events) would multiply traffic and storage writes for no visible gain. Peers still see the
 * stroke grow smoothly; the author sees every sample at once on the live layer.
 */
export const APPEND_INTERVAL_MS = 33;

/**
 * Collects items and hands them over in one batch at most every `intervalMs`: the first item
 * after a flush starts the clock, so an idle pointer costs no timers.
 */
export class PointBatcher<T> {
  readonly #flush: (batch: T[]) => void;
  readonly #intervalMs: number;
  readonly #timers: Timers;
  #pending: T[] = [];
  #timer: unknown = null;

  constructor(
    flush: (batch: T[]) => void,
    intervalMs: number = APPEND_INTERVAL_MS,
    timers: Timers = browserTimers,
  ) {
    this.#flush = flush;
    this.#intervalMs = intervalMs;
    this.#timers = timers;
  }

  get pending(): number {
    return this.#pending.length;
  }

  push(...items: T[]): void {
    if (items.length === 0) return;
    this.#pending.push(...items);
    this.#timer ??= this.#timers.setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, this.#intervalMs);
  }

  /** Hands over whatever is pending now, e.g. on pointerup. */
  flush(): void {
    this.#stopTimer();
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#flush(batch);
  }

  /** Drops whatever is pending. */
  cancel(): void {
    this.#stopTimer();
    this.#pending = [];
  }

  #stopTimer(): void {
    if (this.#timer === null) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
