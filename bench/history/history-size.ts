/**
 * What board history costs in storage (issue 14): a board of `strokes` finished strokes, then
 * `versions` idle versions, each after a few minutes of work (`drawn` new strokes, `erased`
 * erased), saved through BoardHistory into a MemoryVersionStore whose payloads are exactly what
 * LevelDB and Redis store (plus a ~110-byte JSON record each).
 */
import * as Y from 'yjs';
import { eraseStrokes } from '../../web/src/model/strokes.ts';
import { BoardHistory } from '../../server/history/board-history.ts';
import { MemoryVersionStore } from '../../server/history/memory-version-store.ts';
import { DEFAULT_RETENTION } from '../../server/history/retention.ts';
import { drawStrokes } from '../../server/test-support/boards.ts';

export interface HistorySize {
  readonly strokes: number;
  readonly versions: number;
  /** The whole board as one Yjs update: what a full copy per version would cost. */
  readonly wholeBytes: number;
  readonly keyframes: number;
  /** Mean payload of the diff versions. */
  readonly meanDiffBytes: number;
  /** Every payload of every version together. */
  readonly storedBytes: number;
  /** storedBytes / versions. */
  readonly bytesPerVersion: number;
}

export async function measureHistory({
  strokes,
  versions,
  drawn = 5,
  erased = 2,
}: {
  readonly strokes: number;
  readonly versions: number;
  readonly drawn?: number;
  readonly erased?: number;
}): Promise<HistorySize> {
  const doc = new Y.Doc();
  const ids = drawStrokes(doc, strokes);
  const store = new MemoryVersionStore();
  let now = Date.UTC(2026, 0, 1);
  // Within the first day nothing is thinned: every version counts.
  const history = new BoardHistory(store, DEFAULT_RETENTION, () => now);
  for (let n = 0; n < versions; n++) {
    drawStrokes(doc, drawn, { prefix: `v${n}-`, seed: n + 7 });
    eraseStrokes(doc, ids.splice(0, erased), null);
    await history.save('bench', doc, 'idle');
    now += 5 * 60_000;
  }
  const listed = await store.list('bench');
  const payloads = await store.payloads(
    'bench',
    listed.map((version) => version.id),
  );
  const sizes = payloads.map((payload) => payload?.byteLength ?? 0);
  const diffs = sizes.filter((_, i) => listed[i]!.frame === 'diff');
  const storedBytes = sizes.reduce((sum, size) => sum + size, 0);
  return {
    strokes,
    versions: listed.length,
    wholeBytes: Y.encodeStateAsUpdate(doc).byteLength,
    keyframes: listed.length - diffs.length,
    meanDiffBytes: Math.round(
      diffs.reduce((sum, size) => sum + size, 0) / Math.max(diffs.length, 1),
    ),
    storedBytes,
    bytesPerVersion: Math.round(storedBytes / listed.length),
  };
}
