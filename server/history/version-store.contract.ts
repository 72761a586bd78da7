import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isVersionId, type NewVersion } from './version.ts';
import type { VersionStore } from './version-store.ts';

export interface VersionStoreHarness {
  /** A fresh, empty store. */
  create(): Promise<VersionStore>;
  /** The same versions after a restart; null where they do not outlive the process. */
  reopen(): Promise<VersionStore | null>;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const bytes = (...values: number[]) => new Uint8Array(values);

function version(at: number, extra: Partial<NewVersion> = {}): NewVersion {
  return { at, reason: 'idle', name: null, elements: 3, bytes: 120, frame: 'key', ...extra };
}

/** The behaviour every VersionStore must have; run against each implementation. */
export function describeVersionStore(name: string, harness: () => VersionStoreHarness): void {
  describe(`${name} (VersionStore contract)`, () => {
    let h: VersionStoreHarness;
    let store: VersionStore;
    beforeEach(async () => {
      h = harness();
      store = await h.create();
    });
    afterEach(() => h.cleanup());

    it('keeps versions per room in saving order, with their payloads byte for byte', async () => {
      const first = await store.add('studio', version(T0), bytes(1, 2, 3));
      const named = await store.add(
        'studio',
        version(T0 + 1, { reason: 'named', name: 'Plan ✓', frame: 'diff' }),
        bytes(0, 255),
      );
      await store.add('other', version(T0), bytes(9));
      expect(isVersionId(first.id)).toBe(true);
      expect(named.id > first.id).toBe(true);
      expect(await store.list('studio')).toEqual([first, named]);
      expect(named).toMatchObject({ reason: 'named', name: 'Plan ✓', frame: 'diff', at: T0 + 1 });
      expect(await store.payloads('studio', [named.id, first.id, 'zzzzzzzzzz'])).toEqual([
        bytes(0, 255),
        bytes(1, 2, 3),
        undefined,
      ]);
      expect(await store.list('nobody')).toEqual([]);
    });

    it('rewrites and removes atomically, and never reuses an id', async () => {
      const a = await store.add('studio', version(T0), bytes(1));
      const b = await store.add('studio', version(T0 + 1, { frame: 'diff' }), bytes(2));
      const c = await store.add('studio', version(T0 + 2, { frame: 'diff' }), bytes(3));
      const merged = { ...b, frame: 'key' as const, bytes: 99 };
      await store.rewrite('studio', [a.id], [{ version: merged, payload: bytes(1, 2) }]);
      expect(await store.list('studio')).toEqual([merged, c]);
      expect(await store.payloads('studio', [a.id, b.id])).toEqual([undefined, bytes(1, 2)]);
      // A rewrite of a version the room lacks changes nothing.
      await expect(
        store.rewrite('studio', [b.id], [{ version: a, payload: bytes(7) }]),
      ).rejects.toThrow();
      expect(await store.list('studio')).toEqual([merged, c]);
      await store.rewrite('studio', [c.id], []);
      const d = await store.add('studio', version(T0 + 3), bytes(4));
      expect(d.id > c.id).toBe(true);
    });

    it('gives concurrent adds distinct ids', async () => {
      const added = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.add('studio', version(T0 + i), bytes(i))),
      );
      expect(new Set(added.map((v) => v.id)).size).toBe(8);
      expect((await store.list('studio')).length).toBe(8);
    });

    it('keeps versions across a restart, where the store outlives the process', async () => {
      const kept = await store.add('studio', version(T0), bytes(5, 6));
      const reopened = await h.reopen();
      if (reopened === null) return;
      expect(await reopened.list('studio')).toEqual([kept]);
      expect(await reopened.payloads('studio', [kept.id])).toEqual([bytes(5, 6)]);
    });
  });
}
