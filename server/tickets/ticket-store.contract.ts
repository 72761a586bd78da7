import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTicketId, type TicketGrant } from './ticket.ts';
import type { TicketStore } from './ticket-store.ts';

export interface TicketStoreHarness {
  /** A fresh, empty store whose tickets live `ttlMs` and which holds at most `maxTickets`. */
  create(options: { ttlMs: number; maxTickets: number }): Promise<TicketStore>;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const TTL = 60_000;

const grant: TicketGrant = Object.freeze({
  room: 'studio',
  access: 'view',
  presence: false,
  identity: { key: 'sub:ada', name: 'Ada', color: '#112233' },
  link: { id: 'L'.repeat(22), expiresAt: null },
});

/** The behaviour every TicketStore must have; run against each implementation. */
export function describeTicketStore(name: string, harness: () => TicketStoreHarness): void {
  describe(`${name} (TicketStore contract)`, () => {
    let h: TicketStoreHarness;
    let store: TicketStore;
    beforeEach(async () => {
      h = harness();
      store = await h.create({ ttlMs: TTL, maxTickets: 5 });
    });
    afterEach(() => h.cleanup());

    it('issues fresh random tickets that expire after the TTL', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const issued = await store.issue(grant, T0);
        if (!issued.ok) throw new Error('refused');
        expect(isTicketId(issued.ticket)).toBe(true);
        expect(issued.expiresAt).toBe(T0 + TTL);
        seen.add(issued.ticket);
      }
      expect(seen.size).toBe(5);
    });

    it('hands back the grant once, and never again', async () => {
      const issued = await store.issue(grant, T0);
      if (!issued.ok) throw new Error('refused');
      expect(await store.take(issued.ticket, T0 + 1)).toEqual(grant);
      expect(await store.take(issued.ticket, T0 + 2)).toBeUndefined();
    });

    it('hands back nothing for an expired ticket, or one it never issued', async () => {
      const issued = await store.issue(grant, T0);
      if (!issued.ok) throw new Error('refused');
      expect(await store.take(issued.ticket, T0 + TTL)).toBeUndefined();
      expect(await store.take('A'.repeat(32), T0)).toBeUndefined();
      expect(await store.take('', T0)).toBeUndefined();
    });

    it('refuses to hold more than its bound, and makes room as tickets are taken or expire', async () => {
      const tickets: string[] = [];
      for (let i = 0; i < 5; i++) {
        const issued = await store.issue(grant, T0 + i);
        if (!issued.ok) throw new Error('refused');
        tickets.push(issued.ticket);
      }
      expect(await store.issue(grant, T0 + 10)).toEqual({ ok: false, reason: 'full' });
      await store.take(tickets[2]!, T0 + 11);
      expect((await store.issue(grant, T0 + 12)).ok).toBe(true);
      expect((await store.issue(grant, T0 + 13)).ok).toBe(false);
      // The first two have expired by now: two more fit.
      expect((await store.issue(grant, T0 + TTL + 1)).ok).toBe(true);
      expect((await store.issue(grant, T0 + TTL + 1)).ok).toBe(true);
      expect((await store.issue(grant, T0 + TTL + 1)).ok).toBe(false);
    });
  });
}
