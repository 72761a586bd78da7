/**
 * A rate limit: `ratePerSecond` units sustained, up to `burst` saved up. One bucket counts a
 * connection's messages, another its bytes. The clock is passed in, so tests drive time.
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.#ratePerMs = ratePerSecond / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Spends `cost` tokens; false (spending nothing) when fewer are left. */
  take(now: number, cost = 1): boolean {
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }
}
