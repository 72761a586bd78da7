import type { Closable } from '../links/link-sessions.ts';
import { CloseReason } from '../protocol/close-reasons.ts';

/** Longest wait setTimeout takes (2^31 - 1 ms, ~24.8 days); a later expiry re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Connections opened with a token (directly, or by a ticket issued for one) end when the token
 * does: its `exp` bounds the session, as a link's expiry bounds a link's (link-sessions.ts), so
 * a host application that signs short tokens knows how long access lasts. They close with 4403
 * token_expired, like a new upgrade with that token would.
 */
export class CredentialExpiry<C extends Closable> {
  readonly #timers = new Map<C, NodeJS.Timeout>();

  get size(): number {
    return this.#timers.size;
  }

  /** `connection` was opened with a credential that ends at `expiresAt` (ms since the epoch). */
  opened(connection: C, expiresAt: number, now: number): void {
    if (expiresAt <= now) return connection.close(CloseReason.tokenExpired);
    const wait = expiresAt - now;
    const timer = setTimeout(
      () => {
        this.#timers.delete(connection);
        if (wait > MAX_TIMER_MS) this.opened(connection, expiresAt, now + MAX_TIMER_MS);
        else connection.close(CloseReason.tokenExpired);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.#timers.set(connection, timer);
  }

  /** A connection closed (any connection: one without an expiring credential is ignored). */
  closed(connection: C): void {
    const timer = this.#timers.get(connection);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(connection);
  }

  /** Stops every timer (the server is closing). */
  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
