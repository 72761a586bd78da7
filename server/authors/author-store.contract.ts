import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthorBinding, AuthorStore } from './author-store.ts';

export interface AuthorStoreHarness {
  /** A fresh, empty store. */
  create(): Promise<AuthorStore>;
  /** The same bindings after a restart; null where they do not outlive the process. */
  reopen(): Promise<AuthorStore | null>;
  cleanup(): Promise<void>;
}

const byClient = (bindings: readonly AuthorBinding[]): AuthorBinding[] =>
  [...bindings].sort((a, b) => a.client - b.client);

/** The behaviour every AuthorStore must have; run against each implementation. */
export function describeAuthorStore(name: string, harness: () => AuthorStoreHarness): void {
  describe(`${name} (AuthorStore contract)`, () => {
    let h: AuthorStoreHarness;
    let store: AuthorStore;
    beforeEach(async () => {
      h = harness();
      store = await h.create();
    });
    afterEach(() => h.cleanup());

    it('knows no author in a room nobody wrote in', async () => {
      expect(await store.load('studio')).toEqual([]);
    });

    it('hands back each client id with the key that wrote it, per room', async () => {
      await store.bind('studio', [
        { client: 7, key: 'sub:alice' },
        { client: 4_294_967_295, key: 'device:b0b' },
      ]);
      await store.bind('studio', [{ client: 12, key: 'sub:alice' }]);
      await store.bind('studio-2', [{ client: 7, key: 'sub:mallory' }]);
      expect(byClient(await store.load('studio'))).toEqual([
        { client: 7, key: 'sub:alice' },
        { client: 12, key: 'sub:alice' },
        { client: 4_294_967_295, key: 'device:b0b' },
      ]);
      expect(await store.load('studio-2')).toEqual([{ client: 7, key: 'sub:mallory' }]);
    });

    it('does not mix a room with another whose name starts the same', async () => {
      await store.bind('a', [{ client: 1, key: 'sub:a' }]);
      await store.bind('a-b', [{ client: 2, key: 'sub:ab' }]);
      expect(await store.load('a')).toEqual([{ client: 1, key: 'sub:a' }]);
    });

    it('keeps keys of any text, as a token subject may be', async () => {
      const key = 'sub:ünï côdé ! ~ 🖊 "quoted"';
      await store.bind('studio', [{ client: 0, key }]);
      expect(await store.load('studio')).toEqual([{ client: 0, key }]);
    });

    it('refuses what is no client id, and then stored nothing of the call', async () => {
      await expect(
        store.bind('studio', [
          { client: 1, key: 'sub:alice' },
          { client: -1, key: 'sub:alice' },
        ]),
      ).rejects.toThrow(RangeError);
      await expect(store.bind('studio', [{ client: 1.5, key: 'sub:a' }])).rejects.toThrow();
      expect(await store.load('studio')).toEqual([]);
    });

    it('keeps bindings across a restart, where it outlives the process', async () => {
      await store.bind('studio', [{ client: 7, key: 'sub:alice' }]);
      const reopened = await h.reopen();
      if (!reopened) return;
      expect(await reopened.load('studio')).toEqual([{ client: 7, key: 'sub:alice' }]);
    });
  });
}
