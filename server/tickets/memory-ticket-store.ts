import { TICKET_TTL_MS, newTicketId, type TicketGrant } from './ticket.ts';
import type { IssueResult, TicketStore } from './ticket-store.ts';

export interface MemoryTicketStoreOptions {
  /** How long a ticket lives (default 60 s; tests shorten it rather than sleep). */
  readonly ttlMs?: number;
  /** Most tickets held at once; issuing more is refused until some are taken or expire. */
  readonly maxTickets?: number;
}

/**
 * 100,000 tickets hold 27.7 MB of heap (measured, each with a link and a device identity): far
 * more than the connections a relay holds (10,000 by default), each of which needs one ticket
 * per connect, so only a flood fills it, and that flood is refused rather than grown into memory.
 */
export const MAX_TICKETS = 100_000;

/**
 * Tickets in one process's memory, which is where they belong for one instance: they live a
 * minute, and a restart asks the app for new ones anyway. Every ticket has the same lifetime,
 * so the map's insertion order is also its expiry order: sweeping stops at the first live one,
 * costing only what it removes.
 */
export class MemoryTicketStore implements TicketStore {
  readonly #ttlMs: number;
  readonly #maxTickets: number;
  readonly #tickets = new Map<
    string,
    { readonly grant: TicketGrant; readonly expiresAt: number }
  >();

  constructor({ ttlMs = TICKET_TTL_MS, maxTickets = MAX_TICKETS }: MemoryTicketStoreOptions = {}) {
    this.#ttlMs = ttlMs;
    this.#maxTickets = maxTickets;
  }

  get size(): number {
    return this.#tickets.size;
  }

  async issue(grant: TicketGrant, now: number): Promise<IssueResult> {
    this.#sweep(now);
    if (this.#tickets.size >= this.#maxTickets) return { ok: false, reason: 'full' };
    const ticket = newTicketId();
    const expiresAt = now + this.#ttlMs;
    this.#tickets.set(ticket, { grant, expiresAt });
    return { ok: true, ticket, expiresAt };
  }

  async take(ticket: string, now: number): Promise<TicketGrant | undefined> {
    this.#sweep(now);
    const held = this.#tickets.get(ticket);
    if (!held) return undefined;
    this.#tickets.delete(ticket);
    return held.expiresAt > now ? held.grant : undefined;
  }

  #sweep(now: number): void {
    for (const [ticket, { expiresAt }] of this.#tickets) {
      if (expiresAt > now) return;
      this.#tickets.delete(ticket);
    }
  }
}
