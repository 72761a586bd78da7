/**
 * When folding a room's log into a new snapshot pays. A compaction rewrites the whole room
 * (encode the doc, write the snapshot), so its cost follows the room's size; what it saves is
 * the tail the next load would apply. Folding only once the tail weighs as much as the snapshot
 * keeps both in proportion: a compaction writes at most about twice the tail's weight, and a load
 * applies at most about twice the snapshot. A few tiny updates on a big room never rewrite it
 * (they did: 1.9 KB of churn on a 28 MiB room caused 5 GB of writes).
 */
export interface LogShape {
  readonly snapshotBytes: number;
  readonly tailCount: number;
  readonly tailBytes: number;
}

export interface CompactionThresholds {
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
}

/**
 * What one log entry costs a load beyond its bytes, in snapshot bytes that cost as much.
 * Measured on a 28 MiB room of 20,000 strokes: applying its snapshot took 22–30 ms per MiB
 * (about 25 ns a byte); applying 20,000 one-stroke updates of 27 bytes took 2.4–10 µs each.
 * One entry is thus worth about 100–400 snapshot bytes; 256 sits in the middle.
 */
export const ENTRY_WEIGHT_BYTES = 256;

const tailWeight = (log: LogShape): number => log.tailBytes + log.tailCount * ENTRY_WEIGHT_BYTES;

/**
 * On unload: the tail weighs at least as much as the snapshot (always true without one), or the
 * room holds more than half of `maxRoomBytes`: only a new snapshot gives back the space that
 * deletions in the tail freed, and a room refusing growth (4413) must get it back once people
 * clean up. That rewrite costs at most MAX_ROOM_BYTES per unload, and a room unloads at most once
 * per ROOM_IDLE_UNLOAD_MS.
 */
export function worthFoldingOnUnload(log: LogShape, maxRoomBytes = Infinity): boolean {
  if (log.tailCount === 0) return false;
  return (
    tailWeight(log) >= log.snapshotBytes || log.snapshotBytes + log.tailBytes > maxRoomBytes / 2
  );
}

/**
 * While the room is in use: the tail is past the configured length or size, and also weighs as
 * much as the snapshot, so a big room waits for a proportionally longer tail.
 */
export function worthFoldingNow(log: LogShape, thresholds: CompactionThresholds): boolean {
  const long =
    log.tailCount >= thresholds.compactAfterUpdates ||
    log.tailBytes >= thresholds.compactAfterBytes;
  return long && worthFoldingOnUnload(log);
}
