/**
 * Where rooms live between connections: an append-only update log per room, periodically
 * folded into one snapshot. Every implementation passes doc-store.contract.ts.
 */
export interface StoredRoom {
  /** The snapshot (if any) followed by the log tail, in the order they must be applied. */
  readonly updates: Uint8Array[];
  /** Sequence number the next appended update gets. */
  readonly nextSeq: number;
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
  constructor(readonly health: StoreHealth) {
    super(`storage is ${health}`);
  }
}

export interface DocStore {
  /** Reads a room; an unknown room is empty. Rejects when storage fails; never returns a partial room. */
  load(room: string): Promise<StoredRoom>;
  /**
   * Whether a room holds anything (a snapshot or a log entry), without reading it: what
   * deciding whether opening it creates a room costs. Rejects when storage fails.
   */
  exists(room: string): Promise<boolean>;
  /** Appends `updates` atomically with sequence numbers fromSeq, fromSeq + 1, … */
  append(room: string, fromSeq: number, updates: readonly Uint8Array[]): Promise<void>;
  /**
   * Replaces every log entry below `nextSeq` with `snapshot` (the state those entries produce).
   * Never holds less afterwards, whatever fails: the snapshot is stored and checked before the
   * entries it covers go, and a crash in between leaves entries that load() skips. Refuses a
   * `nextSeq` past the end of the log or behind the stored snapshot.
   */
  compact(room: string, snapshot: Uint8Array, nextSeq: number): Promise<void>;
  /** Whether reads and writes are served now; backs /readyz. */
  readonly health: StoreHealth;
  close(): Promise<void>;
}
