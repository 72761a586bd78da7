import { CloseReason } from '../protocol/close-reasons.ts';

/** What a session needs of a connection: to be closed. */
export interface Closable {
  close(reason: CloseReason): void;
}

/** Longest wait setTimeout takes (2^31 - 1 ms, ~24.8 days); a later expiry re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The connections open through each link, so that a link's end reaches them: revoked (DELETE),
 * expired while they are open. Counts back GET's "connections using it now".
 *
 * A revocation is remembered for the life of the process, so a connection whose upgrade looked
 * the link up before the revocation and completes after it is closed rather than kept.
 */
export class LinkSessions<C extends Closable> {
  readonly #byLink = new Map<string, { connections: Set<C>; expiry: NodeJS.Timeout | null }>();
  readonly #linkOf = new Map<C, string>();
  readonly #revoked = new Set<string>();

  /** `connection` opened through link `id` (expiring at `expiresAt`, ms since the epoch). */
  opened(id: string, expiresAt: number | null, connection: C, now: number): void {
    if (this.#revoked.has(id)) return connection.close(CloseReason.linkRevoked);
    if (expiresAt !== null && expiresAt <= now) return connection.close(CloseReason.linkExpired);
    let sessions = this.#byLink.get(id);
    if (!sessions) {
      sessions = { connections: new Set(), expiry: null };
      if (expiresAt !== null) sessions.expiry = this.#expireAt(id, expiresAt, now);
      this.#byLink.set(id, sessions);
    }
    sessions.connections.add(connection);
    this.#linkOf.set(connection, id);
  }

  /** A connection closed (any connection: one not opened through a link is ignored). */
  closed(connection: C): void {
    const id = this.#linkOf.get(connection);
    if (id === undefined) return;
    this.#linkOf.delete(connection);
    const sessions = this.#byLink.get(id);
    if (!sessions) return;
    sessions.connections.delete(connection);
    if (sessions.connections.size > 0) return;
    if (sessions.expiry) clearTimeout(sessions.expiry);
    this.#byLink.delete(id);
  }

  count(id: string): number {
    return this.#byLink.get(id)?.connections.size ?? 0;
  }

  /** Link `id` was revoked: its connections close with 4403, and later ones too. */
  revoked(id: string): void {
    this.#revoked.add(id);
    this.#end(id, CloseReason.linkRevoked);
  }

  /** Stops every expiry timer (the server is closing). */
  stop(): void {
    for (const sessions of this.#byLink.values()) {
      if (sessions.expiry) clearTimeout(sessions.expiry);
      sessions.expiry = null;
    }
  }

  #end(id: string, reason: CloseReason): void {
    const sessions = this.#byLink.get(id);
    if (!sessions) return;
    // close() reports back through closed(), which edits the set: close a copy.
    for (const connection of [...sessions.connections]) connection.close(reason);
  }

  #expireAt(id: string, expiresAt: number, now: number): NodeJS.Timeout {
    const wait = expiresAt - now;
    const timer = setTimeout(
      () => {
        const sessions = this.#byLink.get(id);
        if (!sessions) return;
        if (wait > MAX_TIMER_MS) {
          sessions.expiry = this.#expireAt(id, expiresAt, now + MAX_TIMER_MS);
          return;
        }
        sessions.expiry = null;
        this.#end(id, CloseReason.linkExpired);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    return timer;
  }
}
