import { describe, expect, it } from 'vitest';
import { ENTRY_WEIGHT_BYTES, worthFoldingNow, worthFoldingOnUnload } from './compaction-policy.ts';

const MiB = 1024 * 1024;
const thresholds = { compactAfterUpdates: 1000, compactAfterBytes: 4 * MiB };

describe('when a room log is worth folding', () => {
  it('folds nothing without a tail', () => {
    expect(worthFoldingOnUnload({ snapshotBytes: 0, tailCount: 0, tailBytes: 0 })).toBe(false);
  });

  it('folds any tail of a room without a snapshot on unload: the tail is the whole room', () => {
    expect(worthFoldingOnUnload({ snapshotBytes: 0, tailCount: 1, tailBytes: 20 })).toBe(true);
  });

  it('leaves a few tiny updates on a big room alone, however often it unloads', () => {
    const churned = { snapshotBytes: 28 * MiB, tailCount: 1000, tailBytes: 1000 * 30 };
    expect(worthFoldingOnUnload(churned)).toBe(false);
    expect(worthFoldingNow(churned, thresholds)).toBe(false);
  });

  it('folds any tail of a room past half its size cap, so deletions give space back', () => {
    const nearFull = { snapshotBytes: 40 * MiB, tailCount: 1, tailBytes: 30 };
    expect(worthFoldingOnUnload(nearFull, 64 * MiB)).toBe(true);
    expect(worthFoldingOnUnload(nearFull, 100 * MiB)).toBe(false);
    expect(worthFoldingOnUnload({ ...nearFull, tailCount: 0, tailBytes: 0 }, 64 * MiB)).toBe(false);
  });

  it('folds once the tail weighs as much as the snapshot, by bytes or by entries', () => {
    expect(worthFoldingOnUnload({ snapshotBytes: MiB, tailCount: 2, tailBytes: MiB })).toBe(true);
    const entries = MiB / ENTRY_WEIGHT_BYTES;
    expect(worthFoldingOnUnload({ snapshotBytes: MiB, tailCount: entries, tailBytes: 0 })).toBe(
      true,
    );
    expect(worthFoldingOnUnload({ snapshotBytes: MiB, tailCount: entries - 1, tailBytes: 0 })).toBe(
      false,
    );
  });

  it('while in use, also waits for the configured length or size', () => {
    const small = { snapshotBytes: 10_000, tailCount: 999, tailBytes: 999 * 30 };
    expect(worthFoldingOnUnload(small)).toBe(true);
    expect(worthFoldingNow(small, thresholds)).toBe(false);
    expect(worthFoldingNow({ ...small, tailCount: 1000 }, thresholds)).toBe(true);
    expect(
      worthFoldingNow({ snapshotBytes: 0, tailCount: 1, tailBytes: 4 * MiB }, thresholds),
    ).toBe(true);
  });
});
