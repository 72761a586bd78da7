import { randomUUID } from 'node:crypto';
import type { AuthorBinding } from '../authors/author-store.ts';
import {
  StoreUnavailableError,
  type DocStore,
  type LogPosition,
  type StoredRoom,
  type StoreHealth,
} from '../storage/doc-store.ts';
import { CompactionLeases, DEFAULT_LEASE_TTL_MS } from './compaction-lease.ts';
import { roomKeys, SNAP_DATA, SNAP_END } from './keys.ts';
import {
  decodeStreamEntries,
  encodeBindings,
  encodeUpdates,
  FIELD_BINDINGS,
  FIELD_INSTANCE,
  FIELD_STORED_AT,
  FIELD_UPDATES,
  LogEntryError,
  type LogEntry,
} from './log-entry.ts';
import { LuaScript, scriptRefusal } from './lua-script.ts';
import type { RedisClient } from './redis-client.ts';
import { followHealth } from './redis-health.ts';

/**
 * Rooms in Redis (issue 12), for several relay instances at once: each room's log is a stream,
 * its snapshot a hash, both under the room's hash tag (keys.ts). Every instance appends through
 * one script, so one counter orders the appends of all of them; loading and storing a snapshot
 * are scripts too, so each sees one consistent state of the room.
 */

/**
 * KEYS seq, log; ARGV instance, updates blob, bindings blob ('' for none).
 * INCR and XADD in one script: entry numbers follow the order entries are stored in, with no gap
 * a reader could mistake for a lost entry. Returns the entry number n.
 */
const APPEND = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
local id = string.format('%d-0', n)
local now = redis.call('TIME')
local ms = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
if ARGV[3] == '' then
  redis.call('XADD', KEYS[2], id, '${FIELD_UPDATES}', ARGV[2], '${FIELD_INSTANCE}', ARGV[1], '${FIELD_STORED_AT}', ms)
else
  redis.call('XADD', KEYS[2], id, '${FIELD_UPDATES}', ARGV[2], '${FIELD_INSTANCE}', ARGV[1], '${FIELD_STORED_AT}', ms, '${FIELD_BINDINGS}', ARGV[3])
end
return n
`);

/**
 * KEYS snap, log. The snapshot, the end it covers, and the stream from that end on, read in one
 * step: a compaction between reading the snapshot and the stream could otherwise trim entries
 * the old snapshot did not hold.
 */
const LOAD = new LuaScript(`
local snap = redis.call('HMGET', KEYS[1], '${SNAP_DATA}', '${SNAP_END}')
local from = snap[2] or '0'
return {snap[1] or '', from, redis.call('XRANGE', KEYS[2], from .. '-0', '+')}
`);

/**
 * KEYS lease, seq, snap; ARGV token, end, snapshot. Stores the snapshot with the end it covers,
 * if the token still holds the lease and the end is one handed out and ahead of the stored one.
 */
const STORE_SNAPSHOT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('WB_LEASE_LOST lease no longer held')
end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local stored = tonumber(redis.call('HGET', KEYS[3], '${SNAP_END}') or '0')
local e = tonumber(ARGV[2])
if e > last + 1 then
  return redis.error_reply('WB_AHEAD end not handed out yet')
end
if e < stored then
  return redis.error_reply('WB_BEHIND end behind the stored snapshot')
end
if e == stored then
  return 0
end
redis.call('HSET', KEYS[3], '${SNAP_DATA}', ARGV[3], '${SNAP_END}', ARGV[2])
return 1
`);

/**
 * KEYS snap, log. Trims the stream below the end of the snapshot stored now, whoever stored it:
 * never an entry the stored snapshot does not hold.
 */
const TRIM = new LuaScript(`
local stored = redis.call('HGET', KEYS[1], '${SNAP_END}')
if not stored then
  return 0
end
return redis.call('XTRIM', KEYS[2], 'MINID', stored .. '-0')
`);

/**
 * KEYS seq, log; ARGV from, count. The last entry number handed out, and up to `count` entries
 * numbered `from` on, read in one step.
 */
const READ_AFTER = new LuaScript(`
local last = redis.call('GET', KEYS[1]) or '0'
return {last, redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])}
`);

/** What a reader of a room's log finds after the end it reached. */
export type LogTail =
  /** The next entries, in order (none when it is up to date), and the end they reach. */
  | { readonly kind: 'entries'; readonly entries: readonly LogEntry[]; readonly end: LogPosition }
  /** Entries it has not read were folded into a snapshot and trimmed: it must load the room again. */
  | { readonly kind: 'trimmed' };

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
  /** Awaited after each stage of a compaction, the lease still held. */
  readonly onCompactionStage?: (room: string, stage: CompactionStage) => Promise<void> | void;
}

export class RedisDocStore implements DocStore {
  readonly instance: string;
  readonly #client: RedisClient;
  readonly #leases: CompactionLeases;
  readonly #onCompactionStage: NonNullable<RedisDocStoreOptions['onCompactionStage']>;
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
    const reply = await this.#run(() => LOAD.run(this.#client, [keys.snap, keys.log], []));
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
    const reply = await this.#run(() =>
      READ_AFTER.run(this.#client, [keys.seq, keys.log], [end, count]),
    );
    return parseReadAfter(room, end, reply);
  }

  async exists(room: string): Promise<boolean> {
    const keys = roomKeys(room);
    const found = await this.#run(() => this.#client.exists(keys.snap, keys.log));
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
    const n = await this.#run(() =>
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
    const lease = await this.#run(() => this.#leases.acquire(room));
    if (!lease) return 'busy';
    try {
      await this.#onCompactionStage(room, 'leased');
      const stored = await this.#run(() =>
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
      await this.#run(() => TRIM.run(this.#client, [keys.snap, keys.log], []));
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
  async #run<T>(command: () => Promise<T>): Promise<T> {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
    try {
      return await command();
    } catch (error) {
      const refusal = scriptRefusal(error);
      if (refusal === 'WB_AHEAD' || refusal === 'WB_BEHIND') {
        throw new RangeError(error instanceof Error ? error.message : refusal);
      }
      throw new StoreUnavailableError(this.#health === 'open' ? 'failed' : this.#health, {
        cause: error,
      });
    }
  }
}

/** The LOAD script's reply as a room: snapshot first, then each entry's updates in order. */
function parseLoad(room: string, reply: unknown): StoredRoom {
  if (!Array.isArray(reply) || reply.length !== 3)
    throw new LogEntryError(`bad load reply for ${room}`);
  const [snapshot, from, tail]: unknown[] = reply;
  if (!Buffer.isBuffer(snapshot) || !Buffer.isBuffer(from)) {
    throw new LogEntryError(`bad load reply for ${room}`);
  }
  const snapshotEnd = parsePosition(from);
  const updates: Uint8Array[] = snapshot.byteLength > 0 ? [snapshot] : [];
  let end = snapshotEnd;
  let tailCount = 0;
  let tailBytes = 0;
  for (const entry of decodeStreamEntries(tail)) {
    for (const update of entry.updates) {
      updates.push(update);
      tailCount += 1;
      tailBytes += update.byteLength;
    }
    end = entry.position + 1;
  }
  return { updates, end, snapshotBytes: snapshot.byteLength, tailCount, tailBytes };
}

function parseReadAfter(room: string, end: LogPosition, reply: unknown): LogTail {
  if (!Array.isArray(reply) || reply.length !== 2)
    throw new LogEntryError(`bad read reply for ${room}`);
  const [lastEntry, tail]: unknown[] = reply;
  if (!Buffer.isBuffer(lastEntry)) throw new LogEntryError(`bad read reply for ${room}`);
  const last = parsePosition(lastEntry);
  const entries = decodeStreamEntries(tail);
  // Entry numbers have no gaps (one INCR per entry), so the first one read must be `end` itself
  // (1 from the start), unless nothing was appended since.
  const first = entries[0]?.position ?? null;
  if (last >= Math.max(end, 1) && first !== Math.max(end, 1)) return { kind: 'trimmed' };
  return { kind: 'entries', entries, end: entries.length > 0 ? entries.at(-1)!.position + 1 : end };
}

function parsePosition(reply: Buffer): LogPosition {
  const position = Number(reply.toString('latin1'));
  if (!Number.isSafeInteger(position) || position < 0) throw new LogEntryError('bad log position');
  return position;
}
