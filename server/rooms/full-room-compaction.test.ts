import { describe, expect, it } from 'vitest';
import { FULL_ROOM_COMPACTION_INTERVAL_MS, FullRoomCompaction } from './full-room-compaction.ts';

const MINUTE = FULL_ROOM_COMPACTION_INTERVAL_MS;

/** A fold that takes its snapshot with every accepted update written, and stores it. */
function fold(policy: FullRoomCompaction): void {
  policy.folded(policy.snapshotTaken(true));
}

describe('a room refusing growth (4413) folds its log', () => {
  it('at once when deletions were accepted since the last snapshot, and not without', () => {
    const policy = new FullRoomCompaction(0);
    expect(policy.refused(0)).toBeNull();
    policy.deleted();
    expect(policy.refused(1_000)).toBe(0);
    fold(policy);
    expect(policy.refused(2_000)).toBeNull();
  });

  it('when it loaded a stored tail: nobody counted the deletions in it', () => {
    expect(new FullRoomCompaction(3).refused(0)).toBe(0);
    expect(new FullRoomCompaction(0).refused(0)).toBeNull();
  });

  it('at most once a minute; a refusal sooner schedules one fold for when the minute is up', () => {
    const policy = new FullRoomCompaction(0);
    policy.deleted();
    expect(policy.refused(0)).toBe(0);
    fold(policy);
    policy.deleted();
    expect(policy.refused(10_000)).toBe(MINUTE - 10_000);
    expect(policy.refused(20_000)).toBeNull();
    expect(policy.due(MINUTE)).toBe(true);
    fold(policy);
    policy.deleted();
    expect(policy.refused(MINUTE + 1)).toBe(MINUTE - 1);
  });

  it('not when the scheduled time comes and another fold has taken the deletions meanwhile', () => {
    const policy = new FullRoomCompaction(0);
    policy.deleted();
    expect(policy.refused(0)).toBe(0);
    policy.deleted();
    expect(policy.refused(1_000)).toBe(MINUTE - 1_000);
    fold(policy);
    expect(policy.due(MINUTE)).toBe(false);
    policy.deleted();
    expect(policy.refused(MINUTE + 1)).toBe(0);
  });

  it('again after a snapshot that missed deletions still being written, or accepted after it', () => {
    const policy = new FullRoomCompaction(0);
    policy.deleted();
    policy.folded(policy.snapshotTaken(false));
    expect(policy.mayFreeSpace).toBe(true);
    const token = policy.snapshotTaken(true);
    policy.deleted();
    policy.folded(token);
    expect(policy.mayFreeSpace).toBe(true);
    fold(policy);
    expect(policy.mayFreeSpace).toBe(false);
  });
});
