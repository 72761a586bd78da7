/**
 * When a room that refuses growth (4413, MAX_ROOM_BYTES) folds its log into a new snapshot out of
 * turn. Deleted content stays in the stored log until a snapshot replaces it, and a room someone
 * keeps open (a board on a wall display) would otherwise fold only by tail weight
 * (compaction-policy.ts), which a tail of small deletions never reaches: it refused every new
 * stroke for as long as anyone was in it.
 *
 * So a refusal folds the log when deletions were accepted since the last snapshot (otherwise
 * folding gives nothing back), at most once per FULL_ROOM_COMPACTION_INTERVAL_MS; a refusal
 * sooner than that schedules the fold for when the interval is up, so people who erase after a
 * fold find room within a minute, even though their clients stopped sending after their 4413.
 */

/**
 * A fold rewrites the whole room: encoding a 3.4 MiB board took 47–76 ms (15–20 ms per MiB), so
 * a room at the default 64 MiB costs about 1–1.4 s of CPU and 64 MiB written. Once a minute per
 * full room keeps that under about 2 % of a core, whoever sends the refused updates.
 */
export const FULL_ROOM_COMPACTION_INTERVAL_MS = 60_000;

export class FullRoomCompaction {
  /** Updates with deletions accepted so far, and how many of them the last snapshot holds. */
  #deletions: number;
  #folded = 0;
  #lastStarted = -Infinity;
  #scheduled = false;

  /** A stored tail may hold deletions: assumed so, as nobody counted them. */
  constructor(storedTailCount: number) {
    this.#deletions = storedTailCount > 0 ? 1 : 0;
  }

  /** An accepted update deletes something. */
  deleted(): void {
    this.#deletions++;
  }

  /**
   * A compaction (whatever started it) is taking its snapshot: the token to hand `folded` once
   * it is stored. Updates accepted but not written yet are not in it; any of them may delete.
   */
  snapshotTaken(everyAcceptedUpdateWritten: boolean): number {
    return everyAcceptedUpdateWritten ? this.#deletions : this.#folded;
  }

  folded(token: number): void {
    this.#folded = Math.max(this.#folded, token);
  }

  /** Whether the log holds deletions no snapshot has folded: only then can a fold free space. */
  get mayFreeSpace(): boolean {
    return this.#deletions > this.#folded;
  }

  /**
   * An update was refused for the room's size at `now` (ms): fold in how many ms, or null when a
   * fold would give nothing back or one is already scheduled. 0 means at once, and counts as
   * started.
   */
  refused(now: number): number | null {
    if (!this.mayFreeSpace || this.#scheduled) return null;
    const wait = Math.max(0, this.#lastStarted + FULL_ROOM_COMPACTION_INTERVAL_MS - now);
    if (wait > 0) this.#scheduled = true;
    else this.#lastStarted = now;
    return wait;
  }

  /** The scheduled time came, at `now`: whether to fold (a fold since may have left nothing). */
  due(now: number): boolean {
    this.#scheduled = false;
    if (!this.mayFreeSpace) return false;
    this.#lastStarted = now;
    return true;
  }
}
