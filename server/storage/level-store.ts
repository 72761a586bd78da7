import { Level } from 'level';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ensureWritableFolder } from './data-dir.ts';
import {
  StoreUnavailableError,
  type DocStore,
  type LogPosition,
  type StoreHealth,
  type StoredRoom,
} from './doc-store.ts';
import type { KeyedTable } from './keyed-table.ts';

/**
 * Key layout (room names are [A-Za-z0-9_-], so '!' and '~' never occur inside one):
 *   r!<room>!l!<position: 12 hex digits>  one update of the log
 *   r!<room>!s                            varUint(end) varUint8Array(snapshot update)
 *   m!next                                varUint(position the next append starts at)
 *   t!<table>!<key>                       a record of a KeyedTable (links: server/links/)
 * Fixed-width hex keeps the log in position order under LevelDB's byte-wise key order.
 * Positions come from one counter for the whole database: LevelDB admits one process per folder,
 * and every room of that process appends through this store, so no two appends share a key.
 */
const logPrefix = (room: string) => `r!${room}!l!`;
const logKey = (room: string, position: LogPosition) =>
  logPrefix(room) + position.toString(16).padStart(12, '0');
const logEnd = (room: string) => logPrefix(room) + '~';
const snapshotKey = (room: string) => `r!${room}!s`;
const NEXT_POSITION_KEY = 'm!next';
const positionOfLogKey = (key: string) => Number.parseInt(key.slice(key.lastIndexOf('!') + 1), 16);

function encodeSnapshot(end: LogPosition, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, end);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function decodeSnapshot(value: Uint8Array): { end: LogPosition; update: Uint8Array } {
  const decoder = decoding.createDecoder(value);
  return { end: decoding.readVarUint(decoder), update: decoding.readVarUint8Array(decoder) };
}

function encodePosition(position: LogPosition): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, position);
  return encoding.toUint8Array(encoder);
}

/**
 * Where the counter of a database resumes: as stored, or for a folder written before the store
 * kept it (each room numbered from 0), past every position any room holds, read once.
 */
async function nextPositionOf(db: Level<string, Uint8Array>): Promise<LogPosition> {
  const stored = await db.get(NEXT_POSITION_KEY);
  if (stored !== undefined) return decoding.readVarUint(decoding.createDecoder(stored));
  let next = 0;
  for await (const key of db.keys({ gte: 'r!', lt: 'r~' })) {
    if (!key.endsWith('!s')) {
      next = Math.max(next, positionOfLogKey(key) + 1);
      continue;
    }
    const snapshot = await db.get(key);
    if (snapshot !== undefined) next = Math.max(next, decodeSnapshot(snapshot).end);
  }
  return next;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

type WriteOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/** First wait before reopening after a failed write, doubled after each failed attempt up to the cap. */
const REOPEN_FIRST_DELAY_MS = 100;
const REOPEN_MAX_DELAY_MS = 2000;

export interface LevelStoreOptions {
  /** Hears every change of health, with the error that caused it (a failed write or reopen). */
  readonly onHealthChange?: (health: StoreHealth, error?: unknown) => void;
}

export class LevelStore implements DocStore {
  readonly #db: Level<string, Uint8Array>;
  readonly #onHealthChange: (health: StoreHealth, error?: unknown) => void;
  #health: StoreHealth = 'open';
  /** The position the next appended update gets, and the one the database holds as that. */
  #next: LogPosition;
  #storedNext: LogPosition;
  /**
   * Group commit: the first write goes to LevelDB at once; writes that arrive while a batch is
   * being written, from every room, wait and go together as the next batch. An idle server adds
   * no delay, and a busy one pays the per-call cost of a batch (~20 µs of main-thread time, more
   * under load) once per write rather than once per update. LevelDB serialises writes anyway, so
   * one batch in flight loses no parallelism. Every write, compactions' included, goes through
   * here: with one batch in flight, a failed batch is always the last write the database saw.
   */
  #queued: WriteOp[] = [];
  #nextBatch: Deferred | null = null;
  #writing = false;
  /** The reopen loop after a failure, and the timer it waits on. */
  #recovery: Promise<void> | null = null;
  #retry: { timer: NodeJS.Timeout; wake: () => void } | null = null;

  private constructor(
    db: Level<string, Uint8Array>,
    next: LogPosition,
    options: LevelStoreOptions,
  ) {
    this.#db = db;
    this.#next = next;
    this.#storedNext = next;
    this.#onHealthChange = options.onHealthChange ?? (() => undefined);
  }

  /**
   * Opens (creating if needed) the LevelDB folder; rejects if it is locked or unusable, with the
   * cause in the message (EROFS for a read-only file system, EACCES, ENOTDIR).
   */
  static async open(location: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
    await ensureWritableFolder(location);
    const db = new Level<string, Uint8Array>(location, {
      keyEncoding: 'utf8',
      valueEncoding: 'view',
    });
    await db.open();
    try {
      return new LevelStore(db, await nextPositionOf(db), options);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  get health(): StoreHealth {
    return this.#health;
  }

  async load(room: string): Promise<StoredRoom> {
    this.#assertOpen();
    const stored = await this.#db.get(snapshotKey(room));
    const snapshot = stored === undefined ? undefined : decodeSnapshot(stored);
    const firstPosition = snapshot?.end ?? 0;
    const updates: Uint8Array[] = snapshot ? [snapshot.update] : [];
    let end = firstPosition;
    let tailCount = 0;
    let tailBytes = 0;
    for await (const [key, value] of this.#db.iterator({
      gte: logKey(room, firstPosition),
      lt: logEnd(room),
    })) {
      updates.push(value);
      tailCount += 1;
      tailBytes += value.byteLength;
      end = positionOfLogKey(key) + 1;
    }
    const snapshotBytes = snapshot?.update.byteLength ?? 0;
    return { updates, end, snapshotBytes, tailCount, tailBytes };
  }

  /** The snapshot key, else the first key of the log: one read, not the room. */
  async exists(room: string): Promise<boolean> {
    this.#assertOpen();
    if ((await this.#db.get(snapshotKey(room))) !== undefined) return true;
    return this.#hasEntryFrom(room, 0);
  }

  /** Positions are given when the call is made, so appends are stored in the order they came. */
  async append(room: string, updates: readonly Uint8Array[]): Promise<LogPosition> {
    this.#assertOpen();
    const ops: WriteOp[] = updates.map((value) => ({
      type: 'put',
      key: logKey(room, this.#next++),
      value,
    }));
    const end = this.#next;
    await this.#write(ops);
    return end;
  }

  /**
   * Snapshot first, read back and compared, then the covered log entries in one batch. If the
   * process dies in between, load() skips the entries the snapshot already holds, so nothing is
   * applied twice and nothing is lost; if the snapshot does not read back, the log stays.
   */
  async compact(room: string, snapshot: Uint8Array, end: LogPosition): Promise<void> {
    this.#assertOpen();
    // Past the positions given, entries appended later would land behind the snapshot and be
    // skipped on load; behind the stored snapshot, what it holds beyond would be lost.
    if (end > this.#next) {
      throw new RangeError(
        `compaction of ${room} up to ${end} refused: positions given end at ${this.#next}`,
      );
    }
    const stored = await this.#db.get(snapshotKey(room));
    const storedEnd = stored === undefined ? 0 : decodeSnapshot(stored).end;
    if (end < storedEnd) {
      throw new RangeError(
        `compaction of ${room} up to ${end} refused: the stored snapshot covers up to ${storedEnd}`,
      );
    }
    const covered = await this.#db.keys({ gte: logPrefix(room), lt: logKey(room, end) }).all();
    const value = encodeSnapshot(end, snapshot);
    await this.#write([{ type: 'put', key: snapshotKey(room), value }]);
    const readBack = await this.#db.get(snapshotKey(room));
    if (readBack === undefined || !sameBytes(readBack, value)) {
      const error = new Error(`snapshot of ${room} did not read back as written; log kept`);
      this.#fail(error);
      throw error;
    }
    if (covered.length > 0) await this.#write(covered.map((key) => ({ type: 'del', key })));
  }

  /**
   * The name of every room that holds anything, in name order; for tools (rooms:copy), not the
   * relay. One key read per room: after a room's first key, the next read starts past all of its
   * keys ('~' sorts after every character a key may hold).
   */
  async *rooms(): AsyncGenerator<string> {
    let from = 'r!';
    for (;;) {
      this.#assertOpen();
      const [key] = await this.#db.keys({ gt: from, lt: 'r~', limit: 1 }).all();
      if (key === undefined) return;
      const room = key.slice(2, key.indexOf('!', 2));
      yield room;
      from = `r!${room}!~`;
    }
  }

  async #hasEntryFrom(room: string, position: LogPosition): Promise<boolean> {
    const keys = await this.#db
      .keys({ gte: logKey(room, position), lt: logEnd(room), limit: 1 })
      .all();
    return keys.length > 0;
  }

  /**
   * The table `name` of this database. Its writes join the rooms' group commit, so a failed one
   * fails the store as any other write does, and its reads are refused while the store is not
   * open.
   */
  table(name: string): KeyedTable {
    const prefix = `t!${name}!`;
    return {
      get: async (key) => {
        this.#assertOpen();
        return this.#db.get(prefix + key);
      },
      put: (entries, remove = []) =>
        this.#write([
          ...remove.map((key): WriteOp => ({ type: 'del', key: prefix + key })),
          ...entries.map(({ key, value }): WriteOp => ({ type: 'put', key: prefix + key, value })),
        ]),
      valuesFrom: async (start) => {
        this.#assertOpen();
        // '~' sorts after every character a key may hold.
        return this.#db.values({ gte: prefix + start, lt: `${prefix}${start}~` }).all();
      },
    };
  }

  async close(): Promise<void> {
    const wasOpen = this.#health === 'open';
    this.#setHealth('closed');
    this.#rejectQueued();
    this.#retry?.wake();
    await this.#recovery;
    // A failed database was closed by the recovery; one it reopened meanwhile is closed here.
    if (wasOpen || this.#db.status === 'open') await this.#db.close();
  }

  #assertOpen(): void {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
  }

  #write(ops: WriteOp[]): Promise<void> {
    if (this.#health !== 'open') return Promise.reject(new StoreUnavailableError(this.#health));
    for (const op of ops) this.#queued.push(op);
    this.#nextBatch ??= deferred();
    const written = this.#nextBatch.promise;
    if (!this.#writing) this.#writeQueued();
    return written;
  }

  #writeQueued(): void {
    const ops = this.#queued;
    // The counter goes with the entries it numbered, in the same atomic batch: once per batch.
    if (this.#next > this.#storedNext) {
      ops.push({ type: 'put', key: NEXT_POSITION_KEY, value: encodePosition(this.#next) });
    }
    const next = this.#next;
    const batch = this.#nextBatch!;
    this.#queued = [];
    this.#nextBatch = null;
    this.#writing = true;
    this.#db.batch(ops).then(
      () => {
        this.#writing = false;
        this.#storedNext = Math.max(this.#storedNext, next);
        batch.resolve();
        if (this.#queued.length > 0 && this.#health === 'open') this.#writeQueued();
      },
      (error: unknown) => {
        this.#writing = false;
        // Failed before what is queued behind it: that was never written, and will not be now.
        this.#fail(error);
        batch.reject(error);
      },
    );
  }

  /**
   * After a failed write LevelDB keeps serving, but its log may end in a torn record, and
   * recovery stops reading at a tear: whatever it wrote after one would be lost on the next
   * open (seen: five acknowledged strokes gone after kill -9; after a graceful restart, a room's
   * log deletions kept while the snapshot written before them was lost, leaving it empty). So no
   * further write reaches this database: it is closed at once and opened again, which replays
   * the log up to the tear, keeps everything acknowledged, and starts a fresh log.
   */
  #fail(error: unknown): void {
    if (this.#health !== 'open') return;
    this.#setHealth('failed', error);
    this.#rejectQueued();
    this.#recovery = this.#reopen().finally(() => {
      this.#recovery = null;
    });
  }

  async #reopen(): Promise<void> {
    for (let delay = REOPEN_FIRST_DELAY_MS; ; delay = Math.min(delay * 2, REOPEN_MAX_DELAY_MS)) {
      if (this.#isClosed()) return;
      try {
        // Until it has closed, the database is still the one whose log may end torn: opening
        // a database that is open does nothing, so a failed close is tried again first.
        if (this.#db.status !== 'closed') await this.#db.close();
        if (this.#isClosed()) return;
        this.#setHealth('reopening');
        // Opening replays the old log into a new table file: on a full disk this fails too.
        await this.#db.open();
        if (this.#isClosed()) return; // close() closes what was reopened meanwhile
        this.#setHealth('open');
        return;
      } catch (error) {
        if (this.#isClosed()) return;
        this.#setHealth('failed', error);
      }
      await this.#sleep(delay);
    }
  }

  /** Read through a method: close() may change the health during any await. */
  #isClosed(): boolean {
    return this.#health === 'closed';
  }

  /** A wait that close() can cut short. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#retry = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#retry = { timer, wake };
    });
  }

  #rejectQueued(): void {
    const batch = this.#nextBatch;
    this.#queued = [];
    this.#nextBatch = null;
    batch?.reject(new StoreUnavailableError(this.#health));
  }

  #setHealth(health: StoreHealth, error?: unknown): void {
    if (health === this.#health && error === undefined) return;
    this.#health = health;
    this.#onHealthChange(health, error);
  }
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
