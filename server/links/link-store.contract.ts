import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLinkId, linkStatus } from './link.ts';
import type { LinkStore } from './link-store.ts';

export interface LinkStoreHarness {
  /** A fresh, empty store. */
  create(): Promise<LinkStore>;
  /** The same links after a restart; null where they do not outlive the process. */
  reopen(): Promise<LinkStore | null>;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/** The behaviour every LinkStore must have; run against each implementation. */
export function describeLinkStore(name: string, harness: () => LinkStoreHarness): void {
  describe(`${name} (LinkStore contract)`, () => {
    let h: LinkStoreHarness;
    let store: LinkStore;
    beforeEach(async () => {
      h = harness();
      store = await h.create();
    });
    afterEach(() => h.cleanup());

    it('gives each link a fresh 128-bit id that owes nothing to the room', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 50; i++) {
        const link = await store.create({ room: 'studio', access: 'view', expiresAt: null }, T0);
        expect(isLinkId(link.id)).toBe(true);
        expect(link.id).not.toContain('studio');
        ids.add(link.id);
      }
      expect(ids.size).toBe(50);
    });

    it('hands back what it stored, and nothing for an id it never gave', async () => {
      const link = await store.create(
        { room: 'studio', access: 'view', expiresAt: T0 + HOUR, presence: false },
        T0,
      );
      expect(link).toMatchObject({
        room: 'studio',
        access: 'view',
        presence: false,
        createdAt: T0,
        expiresAt: T0 + HOUR,
        state: { kind: 'live' },
      });
      expect(await store.get(link.id)).toEqual(link);
      expect(await store.get('A'.repeat(22))).toBeUndefined();
      const edit = await store.create({ room: 'studio', access: 'edit', expiresAt: null }, T0);
      expect(edit.presence).toBe(true);
    });

    it("lists a room's live links only: not another room's, not expired, not revoked", async () => {
      const kept = await store.create({ room: 'a', access: 'edit', expiresAt: null }, T0);
      const later = await store.create({ room: 'a', access: 'view', expiresAt: T0 + HOUR }, T0 + 1);
      const expired = await store.create({ room: 'a', access: 'view', expiresAt: T0 + 5 }, T0);
      const revoked = await store.create({ room: 'a', access: 'view', expiresAt: null }, T0);
      await store.create({ room: 'b', access: 'edit', expiresAt: null }, T0);
      await store.create({ room: 'a-b', access: 'edit', expiresAt: null }, T0);
      await store.revoke(revoked.id, T0 + 2);
      const listed = await store.list('a', T0 + 10);
      expect(listed.map((link) => link.id)).toEqual([kept.id, later.id]);
      expect(linkStatus((await store.get(expired.id))!, T0 + 10)).toBe('expired');
      expect(await store.list('nobody', T0)).toEqual([]);
    });

    it('keeps a revoked link as revoked, so it is told apart from one that never was', async () => {
      const link = await store.create({ room: 'a', access: 'view', expiresAt: null }, T0);
      const revoked = await store.revoke(link.id, T0 + 7);
      expect(revoked?.state).toEqual({ kind: 'revoked', at: T0 + 7 });
      expect((await store.get(link.id))?.state).toEqual({ kind: 'revoked', at: T0 + 7 });
      // Again: still revoked when it first was.
      expect((await store.revoke(link.id, T0 + 9))?.state).toEqual({ kind: 'revoked', at: T0 + 7 });
      expect(await store.revoke('B'.repeat(22), T0)).toBeUndefined();
    });

    it('keeps links and revocations across a restart', async () => {
      const live = await store.create({ room: 'a', access: 'edit', expiresAt: null }, T0);
      const gone = await store.create({ room: 'a', access: 'view', expiresAt: null }, T0);
      await store.revoke(gone.id, T0 + 1);
      const reopened = await h.reopen();
      if (!reopened) return;
      expect(await reopened.get(live.id)).toEqual(live);
      expect((await reopened.get(gone.id))?.state.kind).toBe('revoked');
      expect((await reopened.list('a', T0 + 2)).map((link) => link.id)).toEqual([live.id]);
    });
  });
}
