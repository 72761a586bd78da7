/**
 * Where rooms live between connections: an append-only update log per room, periodically
 * folded into one snapshot. Every implementation passes doc-store.contract.ts.
 */
export interface StoredRoom {
  /** The snapshot (if any) followed by the log tail, in the order they must be applied. */
  readonly updates: Uint8Array[];
  /** Sequence number the next appended update gets. */
  readonly nextSeq: number;
  /** How many log entries and bytes follow the snapshot: what the next compaction would fold. */
  readonly tailCount: number;
  readonly tailBytes: number;
}

export interface DocStore {
  /** Reads a room; an unknown room is empty. Rejects when storage fails; never returns a partial room. */
  load(room: string): Promise<StoredRoom>;
  /** Appends `updates` atomically with sequence numbers fromSeq, fromSeq + 1, … */
  append(room: string, fromSeq: number, updates: readonly Uint8Array[]): Promise<void>;
  /**
   * Replaces every log entry below `nextSeq` with `snapshot` (the state those entries produce).
   * Safe against a crash half-way: entries below a stored snapshot's sequence are ignored on load.
   */
  compact(room: string, snapshot: Uint8Array, nextSeq: number): Promise<void>;
  /** True while reads and writes can succeed; backs /readyz. */
  readonly ready: boolean;
  close(): Promise<void>;
}
