/**
 * Where tickets wait for their one upgrade. Every implementation passes ticket-store.contract.ts.
 */
import type { IssuedTicket, TicketGrant } from './ticket.ts';

export type IssueResult =
  | ({ readonly ok: true } & IssuedTicket)
  /** The store holds as many live tickets as it may: try again shortly (HTTP 429). */
  | { readonly ok: false; readonly reason: 'full' };

export interface TicketStore {
  /** Stores `grant` under a fresh random ticket, valid once until now + the store's TTL. */
  issue(grant: TicketGrant, now: number): Promise<IssueResult>;
  /**
   * The grant of `ticket`, which is gone from then on; undefined for a ticket that is unknown,
   * already taken or expired at `now`.
   */
  take(ticket: string, now: number): Promise<TicketGrant | undefined>;
}
