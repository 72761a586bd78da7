import { randomUUID } from 'node:crypto';
import type { AuthorBinding } from '../authors/author-store.ts';
import {
  SnapshotAheadError,
  StoreUnavailableError,
  type DocStore,
  type LogPosition,
  type StoredRoom,
  type StoreHealth,
} from '../storage/doc-store.ts';
import { CompactionLeases, DEFAULT_LEASE_TTL_MS } from './compaction-lease.ts';
import { roomKeys } from './keys.ts';
import { encodeBindings, encodeUpdates } from './log-entry.ts';
import { scriptRefusal } from './lua-script.ts';
import type { RedisClient } from './redis-client.ts';
import { followHealth } from './redis-health.ts';
import { parseLoad, parseReadAfter, type LogTail } from './room-replies.ts';
import { APPEND, LOAD, READ_AFTER, STORE_SNAPSHOT, TRIM } from './room-scripts.ts';

export type { LogTail } from './room-replies.ts';

/** Most entries one readAfter() hands back. */
const READ_BATCH = 1_000;

/** Where a compaction is: a hook for tests (a crash between the two) and for metrics. */
export type CompactionStage = 'leased' | 'snapshot-stored' | 'trimmed';

/** What one compaction did. */
export type CompactionOutcome =
  /** Stored a snapshot covering up to `end` and trimmed the stream below it. */
  | 'compacted'
  /** A snapshot covering exactly `end` was stored already; only trimmed. */
  | 'covered'
  /**
   * Another compaction of the room holds the lease (or took it over from this one, whose lease
   * ran out): nothing done, the log keeps everything.
   */
  | 'busy';

export interface RedisDocStoreOptions {
  /** This relay instance: written into each entry, so its own entries can be told apart. */
  readonly instance?: string;
  readonly leaseTtlMs?: number;
  /** Hears every change of health, with the connection error that caused it. */
  readonly onHealthChange?: (health: StoreHealth, error?: unknown) => void;
  /**
   * Hears every Redis call of the store that failed (not a script's refusal of a position), with
   * what it was for: the relay counts them (relay_redis_errors_total).
   */
  readonly onCommandError?: (op: StoreOp, error: unknown) => void;
  /** Awaited after each stage of a compaction, the lease still held. */
  readonly onCompactionStage?: (room: string, stage: CompactionStage) => Promise<void> | void;
}

/** What a store's Redis call was for. */
export type StoreOp = 'append' | 'load' | 'read' | 'compaction';

/**
 * Rooms in Redis (issue 12), for several relay instances at once: each room's log is a stream,
 * its snapshot a hash, both under the room's hash tag (keys.ts). Every instance appends through
 * one script, so one counter orders the appends of all of them; loading and storing a snapshot
 * are scripts too, so each sees one consistent state of the room.
 *
 * An append resolves once Redis has executed it; how durable that is, is Redis' configuration:
 * with `appendonly yes` and `appendfsync always` the entry is on disk before the reply (tested:
 * redis-durability.test.ts, kill -9 of Redis), with `everysec` up to a second of acknowledged
 * appends may be lost with the machine. Measured here (loopback, shared 2-core machine): an
 * awaited append takes 0.2 ms at the median without AOF and 2.9 ms with `always`; loading a
 * 10,000-entry tail 330 ms, which compaction keeps from happening.
 */
export class RedisDocStore implements DocStore {
  readonly instance: string;
  readonly #client: RedisClient;
  readonly #leases: CompactionLeases;
  readonly #onCompactionStage: NonNullable<RedisDocStoreOptions['onCompactionStage']>;
  readonly #onCommandError: NonNullable<RedisDocStoreOptions['onCommandError']>;
  readonly #stopFollowing: () => void;
  #health: StoreHealth;

  /** Takes `client` over: close() closes it. */
  constructor(client: RedisClient, options: RedisDocStoreOptions = {}) {
    this.instance = options.instance ?? randomUUID();
    this.#client = client;
    this.#leases = new CompactionLeases(
      client,
      this.instance,
      options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
    );
    this.#onCompactionStage = options.onCompactionStage ?? (() => undefined);
    this.#onCommandError = options.onCommandError ?? (() => undefined);
    const onHealthChange = options.onHealthChange ?? (() => undefined);
    const following = followHealth(client, (health, error) => {
      if (this.#health === 'closed') return;
      this.#health = health;
      onHealthChange(health, error);
    });
    this.#health = following.health;
    this.#stopFollowing = following.stop;
  }

  get health(): StoreHealth {
    return this.#health;
  }

  async load(room: string): Promise<StoredRoom> {
    const keys = roomKeys(room);
    const reply = await this.#run('load', () => LOAD.run(this.#client, [keys.snap, keys.log], []));
    return parseLoad(room, reply);
  }

  /**
   * The entries appended after `end` (a load's, or a previous read's), for an instance that keeps
   * a room open: it applies what other instances wrote (each entry names its writer) and learns
   * their author bindings. Tells when a compaction trimmed entries it has not read yet.
   */
  async readAfter(room: string, end: LogPosition, count = READ_BATCH): Promise<LogTail> {
    if (!Number.isSafeInteger(end) || end < 0) throw new RangeError(`bad log position ${end}`);
    const keys = roomKeys(room);
    const reply = await this.#run('read', () =>
      READ_AFTER.run(this.#client, [keys.seq, keys.log], [end, count]),
    );
    return parseReadAfter(room, end, reply);
  }

  async exists(room: string): Promise<boolean> {
    const keys = roomKeys(room);
    const found = await this.#run('load', () => this.#client.exists(keys.snap, keys.log));
    return found > 0;
  }

  /**
   * Appends `updates` as one stream entry, with the author `bindings` they were stored after
   * (for the other instances), and resolves to the entry's end.
   */
  async append(
    room: string,
    updates: readonly Uint8Array[],
    bindings: readonly AuthorBinding[] = [],
  ): Promise<LogPosition> {
    const keys = roomKeys(room);
    const blob = Buffer.from(encodeUpdates(updates));
    const bound = bindings.length > 0 ? Buffer.from(encodeBindings(bindings)) : '';
    const n = await this.#run('append', () =>
      APPEND.run(this.#client, [keys.seq, keys.log], [this.instance, blob, bound]),
    );
    if (typeof n !== 'number') throw new StoreUnavailableError('failed');
    return n + 1;
  }

  async compact(room: string, snapshot: Uint8Array, end: LogPosition): Promise<void> {
    await this.compactUnderLease(room, snapshot, end);
  }

  /**
   * compact(), telling what it did. Holds the room's lease throughout: stores the snapshot (the
   * script checks the lease, the end, and that the snapshot is newer), then trims the stream
   * below the stored snapshot. A crash between the two leaves entries that load() skips; the
   * next compaction trims them.
   */
  async compactUnderLease(
    room: string,
    snapshot: Uint8Array,
    end: LogPosition,
  ): Promise<CompactionOutcome> {
    if (!Number.isSafeInteger(end) || end < 0) throw new RangeError(`bad log position ${end}`);
    const keys = roomKeys(room);
    const lease = await this.#run('compaction', () => this.#leases.acquire(room));
    if (!lease) return 'busy';
    try {
      await this.#onCompactionStage(room, 'leased');
      const stored = await this.#run('compaction', () =>
        STORE_SNAPSHOT.run(
          this.#client,
          [keys.lease, keys.seq, keys.snap],
          [
            lease.token,
            end,
            Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength),
          ],
        ),
      ).catch((error: unknown) => {
        // The lease ran out while this instance was paused, and another may hold it now.
        if (
          error instanceof StoreUnavailableError &&
          scriptRefusal(error.cause) === 'WB_LEASE_LOST'
        ) {
          return 'lost' as const;
        }
        throw error;
      });
      if (stored === 'lost') return 'busy';
      if (stored === 1) await this.#onCompactionStage(room, 'snapshot-stored');
      await this.#run('compaction', () => TRIM.run(this.#client, [keys.snap, keys.log], []));
      await this.#onCompactionStage(room, 'trimmed');
      return stored === 1 ? 'compacted' : 'covered';
    } finally {
      await lease.release();
    }
  }

  async close(): Promise<void> {
    if (this.#health === 'closed') return;
    this.#health = 'closed';
    this.#stopFollowing();
    if (this.#client.status === 'ready')
      await this.#client.quit().catch(() => this.#client.disconnect());
    else this.#client.disconnect();
  }

  /**
   * Runs a command while open. A script's refusal of a position is a RangeError; any other
   * failure (connection lost, Redis refusing writes) is a StoreUnavailableError with the cause.
   */
  async #run<T>(op: StoreOp, command: () => Promise<T>): Promise<T> {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
    try {
      return await command();
    } catch (error) {
      const refusal = scriptRefusal(error);
      const message = error instanceof Error ? error.message : String(refusal);
      if (refusal === 'WB_BEHIND') throw new SnapshotAheadError(message);
      if (refusal === 'WB_AHEAD') throw new RangeError(message);
      // A lost lease is a race another instance won, not Redis failing.
      if (refusal !== 'WB_LEASE_LOST') this.#onCommandError(op, error);
      throw new StoreUnavailableError(this.#health === 'open' ? 'failed' : this.#health, {
        cause: error,
      });
    }
  }
}
