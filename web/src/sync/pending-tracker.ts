/**
 * Keeps the count of pending changes current without recounting on every pointer move.
 *
 * - A local change marks the count unsettled at once (synchronously), so the indicator leaves
 *   "saved" the moment something new exists, before any recount.
 * - Recounts run at most every `throttleMs`, after local changes, relay messages or knowledge
 *   loaded from the device; the first after a quiet spell runs as soon as the current task ends.
 * - The count becomes settled only `settleMs` after the latest local change: while someone draws,
 *   each point batch is acknowledged within milliseconds, and without this the indicator would
 *   flicker between "syncing" and "saved" many times a second. Settling only ever delays "saved".
 */
import type { Timers } from '../timing/timers.ts';
import { NOTHING_PENDING, type PendingChanges } from './pending-changes.ts';

export interface PendingTrackerOptions {
  readonly count: () => PendingChanges;
  readonly onChange: () => void;
  readonly timers: Timers;
  readonly now: () => number;
  readonly throttleMs: number;
  readonly settleMs: number;
}

/** Defaults: recount at most 10 times a second; "saved" 300 ms after the pen last moved. */
export const PENDING_THROTTLE_MS = 100;
export const PENDING_SETTLE_MS = 300;

export class PendingTracker {
  readonly #options: PendingTrackerOptions;
  #pending: PendingChanges = NOTHING_PENDING;
  #unsettled = false;
  #lastLocalChange = Number.NEGATIVE_INFINITY;
  #lastCount = Number.NEGATIVE_INFINITY;
  #timer: unknown = null;
  #dueAt = 0;
  #destroyed = false;

  constructor(options: PendingTrackerOptions) {
    this.#options = options;
  }

  get pending(): PendingChanges {
    return this.#pending;
  }

  get unsettled(): boolean {
    return this.#unsettled;
  }

  /** Something was written locally (drawn, erased, loaded from the device). */
  localChange(): void {
    this.#lastLocalChange = this.#options.now();
    if (!this.#unsettled) {
      this.#unsettled = true;
      this.#options.onChange();
    }
    this.#request();
  }

  /** Something that may have changed the count without a local write (a relay message). */
  remoteChange(): void {
    this.#request();
  }

  /** Counts now, cancelling any scheduled count. */
  countNow(): void {
    this.#cancel();
    if (this.#destroyed) return;
    const previous = this.#pending;
    const wasUnsettled = this.#unsettled;
    this.#pending = this.#options.count();
    this.#lastCount = this.#options.now();
    this.#unsettled = this.#lastCount - this.#lastLocalChange < this.#options.settleMs;
    if (this.#unsettled) this.#scheduleAt(this.#lastLocalChange + this.#options.settleMs);
    if (!samePending(previous, this.#pending) || wasUnsettled !== this.#unsettled) {
      this.#options.onChange();
    }
  }

  destroy(): void {
    this.#destroyed = true;
    this.#cancel();
  }

  /**
   * A count soon, but never sooner than `throttleMs` after the last one, and never within the
   * current task: the relay's frame reaches the document (y-websocket's handler) before it
   * reaches the knowledge (our listener), and a count between the two would see the relay's
   * strokes as unsaved for a moment.
   */
  #request(): void {
    this.#scheduleAt(Math.max(this.#options.now(), this.#lastCount + this.#options.throttleMs));
  }

  /** Keeps whichever is earlier: the count already scheduled or one at `at`. */
  #scheduleAt(at: number): void {
    if (this.#destroyed || (this.#timer !== null && this.#dueAt <= at)) return;
    this.#cancel();
    this.#dueAt = at;
    this.#timer = this.#options.timers.setTimeout(
      () => {
        this.#timer = null;
        this.countNow();
      },
      Math.max(0, at - this.#options.now()),
    );
  }

  #cancel(): void {
    if (this.#timer === null) return;
    this.#options.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function samePending(a: PendingChanges, b: PendingChanges): boolean {
  return a.count === b.count && a.structs === b.structs && a.deletions === b.deletions;
}
