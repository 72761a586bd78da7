/**
 * When to try the relay again after a socket closes.
 *
 * y-websocket retries by itself, but on a fixed schedule (100 ms × 2^n, capped at 2.5 s) with
 * no randomness: after a relay restart every open page comes back in the same few
 * milliseconds. This takes the schedule over: exponential backoff with full jitter (a delay
 * drawn uniformly from [0, min(cap, base × 2^(n−1))) after the n-th failure in a row), reset
 * once a connection syncs, and an immediate attempt when the browser says it is online again
 * or the tab becomes visible. When the browser says it went offline, the socket is closed at
 * once: Chromium keeps an existing WebSocket open through a network change, and y-websocket
 * would only notice after 30 s without a message.
 *
 * The provider is reached through `ReconnectLink`, so this runs on fake timers in tests.
 */
import type { Timers } from '../timing/timers.ts';

export interface BackoffPolicy {
  /** Upper bound of the first retry's delay. */
  readonly baseMs: number;
  /** No retry waits longer than this. */
  readonly capMs: number;
}

/** Retries within 0.5 s at first, then at most every 5 s (2.5 s on average). */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 5000 };

/** Full jitter: uniform in [0, min(cap, base × 2^(failures−1))); `random()` is in [0, 1). */
export function retryDelay(
  failures: number,
  random: () => number,
  { baseMs, capMs }: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** What the reconnect policy needs from the provider. */
export interface ReconnectLink {
  /** A socket exists, open or still opening. */
  readonly active: boolean;
  /** Opens a socket if none exists. */
  open(): void;
  /** Closes the socket now; the link reports the close through `Reconnector.closed`. */
  close(): void;
  /** Cancels the provider's own retry, which it schedules on every close. */
  cancelOwnRetry(): void;
}

export interface ReconnectorOptions {
  readonly timers: Timers;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
}

export class Reconnector {
  readonly #link: ReconnectLink;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #backoff: BackoffPolicy;
  #failures = 0;
  #timer: unknown = null;
  #started = false;
  #destroyed = false;

  constructor(link: ReconnectLink, options: ReconnectorOptions) {
    this.#link = link;
    this.#timers = options.timers;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Consecutive closes since the last synced connection. */
  get failures(): number {
    return this.#failures;
  }

  /** Whether a retry is scheduled. */
  get waiting(): boolean {
    return this.#timer !== null;
  }

  start(): void {
    if (this.#started || this.#destroyed) return;
    this.#started = true;
    this.#link.open();
  }

  /** The socket closed (or never opened). Schedules the next attempt. */
  closed(): void {
    this.#link.cancelOwnRetry();
    if (this.#destroyed) return;
    this.#failures++;
    this.#cancel();
    const delay = retryDelay(this.#failures, this.#random, this.#backoff);
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      this.#attempt();
    }, delay);
  }

  /** The connection synced: the relay is healthy, so the next close starts the backoff afresh. */
  synced(): void {
    this.#failures = 0;
  }

  /** The browser reports a network again: try now. */
  online(): void {
    this.#failures = 0;
    this.#attemptNow();
  }

  /** The tab became visible: a good moment to try, if we are waiting. */
  visible(): void {
    this.#attemptNow();
  }

  /** The browser reports no network: drop the socket, which may be dead, so the UI says so. */
  offline(): void {
    if (this.#started && !this.#destroyed && this.#link.active) this.#link.close();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#cancel();
  }

  #attemptNow(): void {
    if (!this.#started || this.#destroyed || this.#link.active) return;
    this.#cancel();
    this.#attempt();
  }

  #attempt(): void {
    if (!this.#destroyed) this.#link.open();
  }

  #cancel(): void {
    if (this.#timer === null) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
