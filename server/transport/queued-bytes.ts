import type { CloseReason } from '../protocol/close-reasons.ts';

/** A connection as a queued-bytes budget sees it. */
export interface Backlogged {
  readonly state: 'open' | 'closing' | 'closed';
  /** Bytes queued for it now, besides its newest message (see Connection). */
  backlog(): number;
  close(reason: CloseReason): void;
  /** Cuts the socket at once, dropping what is queued. */
  terminate(): void;
}

/**
 * Bytes queued to send, summed over a group of connections (every connection, or those of one
 * address), with a limit. Connections report their backlog when they write, which is the only
 * time it grows; the kernel drains it silently, so a recorded value is an upper bound until the
 * next report. Only when the sum passes the limit are the recorded connections measured again,
 * and if it is still over, the largest backlogs are closed first until it fits: one reader that
 * never reads loses its connection, not the many that keep up.
 *
 * A closed connection's queue stays in memory until its close frame gets through or ws gives up
 * (30 s), and a reader that never reads never takes the frame: one already closing that is
 * chosen again is cut at once.
 */
export class QueuedBytes {
  readonly #limit: number;
  readonly #reason: CloseReason;
  readonly #recorded = new Map<Backlogged, number>();
  #total = 0;

  constructor(limit: number, reason: CloseReason) {
    this.#limit = limit;
    this.#reason = reason;
  }

  /** The recorded sum: an upper bound of what is queued now. */
  get total(): number {
    return this.#total;
  }

  /** Records `bytes` as the backlog of `item` (0 forgets it), enforcing the limit. */
  record(item: Backlogged, bytes: number): void {
    this.#set(item, bytes);
    if (this.#total > this.#limit) this.#enforce();
  }

  forget(item: Backlogged): void {
    this.#set(item, 0);
  }

  /** Measures every recorded connection again (the heartbeat does, so idle values do not linger). */
  refresh(): void {
    for (const item of [...this.#recorded.keys()]) this.#set(item, item.backlog());
  }

  #set(item: Backlogged, bytes: number): void {
    const before = this.#recorded.get(item) ?? 0;
    if (bytes === before) return;
    this.#total += bytes - before;
    if (bytes === 0) this.#recorded.delete(item);
    else this.#recorded.set(item, bytes);
  }

  #enforce(): void {
    this.refresh();
    if (this.#total <= this.#limit) return;
    const largestFirst = [...this.#recorded].sort((a, b) => b[1] - a[1]);
    let projected = this.#total;
    for (const [item, bytes] of largestFirst) {
      if (projected <= this.#limit) return;
      projected -= bytes;
      if (item.state === 'open') item.close(this.#reason);
      else item.terminate();
    }
  }
}
