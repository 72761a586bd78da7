import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import type { LogPosition } from '../storage/doc-store.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import type { AuthorBinding, AuthorStore } from '../authors/author-store.ts';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';
import { WritePipeline } from './write-pipeline.ts';

function pipeline(
  store = new InstrumentedStore(new MemoryStore()),
  authors: AuthorStore = new MemoryAuthorStore(),
) {
  const stored: { batch: Uint8Array[]; end: LogPosition }[] = [];
  const failed: CloseReason[] = [];
  const writes = new WritePipeline(
    'board',
    { store, authors, logger: silentLogger, metrics: new Metrics() },
    {
      ordered: () => null,
      stored: (batch, end) => stored.push({ batch, end }),
      failed: (reason) => failed.push(reason),
    },
  );
  return { writes, store, stored, failed };
}

const updates = (count: number) => Array.from({ length: count }, (_, i) => Uint8Array.of(i & 0xff));

describe('the write pipeline', () => {
  it('runs work queued with an update once what came before is stored, and writes the update after it', async () => {
    const { writes, stored } = pipeline();
    const seen: number[] = [];
    const [a, b, c] = updates(3);
    writes.enqueue(a!);
    writes.enqueue(b!, [], async () => {
      seen.push(stored.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(stored.length);
    });
    writes.enqueue(c!);
    await writes.drain();
    // `a` alone, then the work, then `b` and `c` together.
    expect(seen).toEqual([1, 1]);
    expect(stored.map((entry) => entry.batch)).toEqual([[a], [b, c]]);
  });

  it('stores what one turn brings in one write, in order, and what piles up meanwhile in bounded batches', async () => {
    const { writes, store, stored } = pipeline();
    for (const update of updates(3)) writes.enqueue(update);
    expect(writes.unwrittenBytes).toBe(3);
    await writes.drain();
    expect(store.calls.append).toBe(1);
    // A flood behind that write goes in steps of at most 512.
    for (const update of updates(1000)) writes.enqueue(update);
    await writes.drain();
    expect(stored.map(({ batch }) => batch.length)).toEqual([3, 512, 488]);
    expect(stored.map(({ end }) => end)).toEqual([3, 515, 1003]);
    expect(writes.unwrittenBytes).toBe(0);
    const loaded = await store.load('board');
    expect(loaded.updates.map((update) => update[0])).toEqual(
      [...updates(3), ...updates(1000)].map((update) => update[0]),
    );
  });

  it('reports a failed write once, with the reason clients are closed with, and stores nothing after', async () => {
    const { writes, store, stored, failed } = pipeline();
    store.failAppends = 1;
    writes.enqueue(Uint8Array.of(1));
    await writes.drain();
    expect(failed).toEqual([CloseReason.storageFailed]);
    writes.stop();
    writes.enqueue(Uint8Array.of(2));
    await writes.drain();
    expect(stored).toEqual([]);
    expect(store.calls.append).toBe(1);
  });

  it('says "try again" when the store refuses while it recovers', async () => {
    const { writes, store, failed } = pipeline();
    store.unavailable = 'reopening';
    writes.enqueue(Uint8Array.of(1));
    await writes.drain();
    expect(failed).toEqual([CloseReason.storageUnavailable]);
  });

  it("stores an update's author bindings before the update, and neither when binding fails", async () => {
    const store = new InstrumentedStore(new MemoryStore());
    const inner = new MemoryAuthorStore();
    /** What the log held each time bindings were stored. */
    const logAtBind: number[] = [];
    let failBinds = 0;
    const authors: AuthorStore = {
      load: (room) => inner.load(room),
      async bind(room: string, bindings: readonly AuthorBinding[]) {
        logAtBind.push((await store.load(room)).updates.length);
        if (failBinds-- > 0) throw new Error('injected bind failure');
        return inner.bind(room, bindings);
      },
    };
    const { writes, failed } = pipeline(store, authors);
    writes.enqueue(Uint8Array.of(1), [{ client: 7, key: 'sub:alice' }]);
    writes.enqueue(Uint8Array.of(2));
    await writes.drain();
    expect(logAtBind).toEqual([0]);
    expect(await inner.load('board')).toEqual([{ client: 7, key: 'sub:alice' }]);
    // An update without new ids costs no bind.
    writes.enqueue(Uint8Array.of(3));
    await writes.drain();
    expect(logAtBind).toEqual([0]);

    failBinds = 1;
    writes.enqueue(Uint8Array.of(4), [{ client: 8, key: 'sub:bob' }]);
    await writes.drain();
    expect(failed).toEqual([CloseReason.storageFailed]);
    expect((await store.load('board')).updates).toHaveLength(3);
    expect(await inner.load('board')).toEqual([{ client: 7, key: 'sub:alice' }]);
  });

  it('keeps each binding with its own update when a flood is written in several batches', async () => {
    const store = new InstrumentedStore(new MemoryStore());
    const inner = new MemoryAuthorStore();
    const boundWith: { client: number; logged: number }[] = [];
    const authors: AuthorStore = {
      load: (room) => inner.load(room),
      async bind(room: string, bindings: readonly AuthorBinding[]) {
        const logged = (await store.load(room)).updates.length;
        boundWith.push(...bindings.map(({ client }) => ({ client, logged })));
        return inner.bind(room, bindings);
      },
    };
    const { writes, stored } = pipeline(store, authors);
    writes.enqueue(Uint8Array.of(0));
    await Promise.resolve();
    // While the first write is in flight, 600 updates pile up; the 550th binds client 550.
    for (let i = 1; i <= 600; i++) {
      writes.enqueue(Uint8Array.of(i & 0xff), i === 550 ? [{ client: 550, key: 'sub:late' }] : []);
    }
    await writes.drain();
    expect(stored.map(({ batch }) => batch.length)).toEqual([1, 512, 88]);
    // Bound with the third batch (after 1 + 512 were stored), just before its own update.
    expect(boundWith).toEqual([{ client: 550, logged: 513 }]);
  });
});
