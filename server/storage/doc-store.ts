import type { AuthorBinding } from '../authors/author-store.ts';

/**
 * Where rooms live between connections: an append-only update log per room, periodically
 * folded into one snapshot. Every implementation passes doc-store.contract.ts.
 *
 * The store owns the log's order: it gives every appended update its position, so several
 * writers of one room (two room instances, later two processes) never overwrite each other, and
 * a compaction names what it folds by a position the store gave back.
 */

/**
 * A place in a room's log, given by the store. An append's entries get positions above every
 * position handed out before it in that room; positions need not be consecutive, are never
 * reused, and compare only within one room (a store may number each room on its own: Redis
 * keeps a counter per room, in the room's slot).
 */
export type LogPosition = number;

export interface StoredRoom {
  /** The snapshot (if any) followed by the log tail, in the order they must be applied. */
  readonly updates: Uint8Array[];
  /** Just past everything this load holds: compact(room, snapshot, end) folds exactly that. */
  readonly end: LogPosition;
  /** Bytes of the snapshot update, 0 without one: what a compaction would rewrite besides the tail. */
  readonly snapshotBytes: number;
  /** How many log entries and bytes follow the snapshot: what the next compaction would fold. */
  readonly tailCount: number;
  readonly tailBytes: number;
}

/**
 * open:       reads and writes are served
 * failed:     a write failed; nothing is served, because what storage holds after a failed write
 *             is not known (LevelDB would go on appending behind a torn log record)
 * reopening:  recovering from a failure; serves again once it is back to open
 * closed:     for good
 */
export type StoreHealth = 'open' | 'failed' | 'reopening' | 'closed';

/** A read or write refused because the store is not open: nothing was read or written. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(
    readonly health: StoreHealth,
    options?: ErrorOptions,
  ) {
    super(`storage is ${health}`, options);
  }
}

/**
 * A compaction refused because the stored snapshot already covers more than its `end`: another
 * writer (another instance of the room) folded further. Nothing was written and nothing is lost;
 * a caller may take it as done. Still a RangeError, as every refused position is.
 */
export class SnapshotAheadError extends RangeError {
  override name = 'SnapshotAheadError';
}

export interface DocStore {
  /** Reads a room; an unknown room is empty. Rejects when storage fails; never returns a partial room. */
  load(room: string): Promise<StoredRoom>;
  /**
   * Whether a room holds anything (a snapshot or a log entry), without reading it: what
   * deciding whether opening it creates a room costs. Rejects when storage fails.
   */
  exists(room: string): Promise<boolean>;
  /**
   * Appends `updates` atomically, after everything appended before it by any writer, and
   * resolves to the position just past them.
   */
  append(
    room: string,
    updates: readonly Uint8Array[],
    /**
     * Author bindings the AuthorStore took just before these updates. A store shared by several
     * instances keeps them beside the updates, so the others learn them in the log's order
     * (RoomMessage.bindings); a store of one process may ignore them.
     */
    bindings?: readonly AuthorBinding[],
  ): Promise<LogPosition>;
  /**
   * Replaces every log entry before `end` with `snapshot`, which must hold them all (`end` is one
   * the store gave back: an append's, or a load's). Entries at or after `end` stay, whoever
   * appended them and however the calls interleave. Never holds less afterwards, whatever fails:
   * the snapshot is stored and checked before the entries it covers go, and a crash in between
   * leaves entries that load() skips. Refuses an `end` the store has not handed out yet (later
   * appends would land behind it) or one behind the stored snapshot.
   */
  compact(room: string, snapshot: Uint8Array, end: LogPosition): Promise<void>;
  /** Whether reads and writes are served now; backs /readyz. */
  readonly health: StoreHealth;
  close(): Promise<void>;
}
