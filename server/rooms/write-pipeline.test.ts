import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import type { LogPosition } from '../storage/doc-store.ts';
import { MemoryStore } from '../storage/memory-store.ts';
import { InstrumentedStore } from '../test-support/instrumented-store.ts';
import { MemoryAuthorStore } from '../authors/memory-author-store.ts';
import { WritePipeline } from './write-pipeline.ts';

function pipeline(store = new InstrumentedStore(new MemoryStore())) {
  const stored: { batch: Uint8Array[]; end: LogPosition }[] = [];
  const failed: CloseReason[] = [];
  const writes = new WritePipeline(
    'board',
    { store, authors: new MemoryAuthorStore(), logger: silentLogger, metrics: new Metrics() },
    {
      stored: (batch, end) => stored.push({ batch, end }),
      failed: (reason) => failed.push(reason),
    },
  );
  return { writes, store, stored, failed };
}

const updates = (count: number) => Array.from({ length: count }, (_, i) => Uint8Array.of(i & 0xff));

describe('the write pipeline', () => {
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
});
