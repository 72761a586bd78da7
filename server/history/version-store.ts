import type { NewVersion, StoredVersion } from './version.ts';

/** A version whose frame and payload are rewritten (version-chain.ts: thinning). */
export interface RewrittenVersion {
  readonly version: StoredVersion;
  readonly payload: Uint8Array;
}

/**
 * Where each room's versions live: records in saving order, each with an opaque payload
 * (version-chain.ts gives it meaning). Every implementation passes version-store.contract.ts.
 * Every method rejects when storage fails, and then changed nothing.
 */
export interface VersionStore {
  /** Every version of `room`, oldest first; [] for a room without any. */
  list(room: string): Promise<StoredVersion[]>;
  /** The payloads of `ids`, in that order; undefined for an id the room does not hold. */
  payloads(room: string, ids: readonly string[]): Promise<(Uint8Array | undefined)[]>;
  /** Stores a version after every other of the room, under a fresh id (never reused). */
  add(room: string, version: NewVersion, payload: Uint8Array): Promise<StoredVersion>;
  /**
   * Atomically deletes `remove` and replaces the records and payloads of `rewrite` (ids the room
   * holds; their ids and order stay).
   */
  rewrite(
    room: string,
    remove: readonly string[],
    rewrite: readonly RewrittenVersion[],
  ): Promise<void>;
}
