import {
  StoreUnavailableError,
  type DocStore,
  type LogPosition,
  type StoreHealth,
  type StoredRoom,
} from './doc-store.ts';

interface MemoryRoom {
  snapshot?: { end: LogPosition; update: Uint8Array };
  log: Map<LogPosition, Uint8Array>;
}

/** What MemoryStores made over the same data share: the rooms, and the next position to give. */
export class MemoryData {
  readonly rooms = new Map<string, MemoryRoom>();
  next: LogPosition = 0;
}

/**
 * A DocStore in process memory: for tests of room logic that need no files. Passes the same
 * contract. Several stores over one MemoryData are several writers of the same data.
 */
export class MemoryStore implements DocStore {
  readonly #data: MemoryData;
  #health: 'open' | 'closed' = 'open';

  constructor(data = new MemoryData()) {
    this.#data = data;
  }

  /** Another handle on the same data, as a second process would have on a shared store. */
  another(): MemoryStore {
    return new MemoryStore(this.#data);
  }

  get health(): StoreHealth {
    return this.#health;
  }

  #room(name: string): MemoryRoom {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
    let room = this.#data.rooms.get(name);
    if (!room) {
      room = { log: new Map() };
      this.#data.rooms.set(name, room);
    }
    return room;
  }

  async load(name: string): Promise<StoredRoom> {
    const room = this.#room(name);
    const firstPosition = room.snapshot?.end ?? 0;
    const updates = room.snapshot ? [room.snapshot.update] : [];
    const positions = [...room.log.keys()]
      .filter((position) => position >= firstPosition)
      .sort((a, b) => a - b);
    let tailBytes = 0;
    for (const position of positions) {
      const update = room.log.get(position)!;
      updates.push(update);
      tailBytes += update.byteLength;
    }
    const end = positions.length > 0 ? positions[positions.length - 1]! + 1 : firstPosition;
    const snapshotBytes = room.snapshot?.update.byteLength ?? 0;
    return { updates, end, snapshotBytes, tailCount: positions.length, tailBytes };
  }

  async exists(name: string): Promise<boolean> {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
    const room = this.#data.rooms.get(name);
    return room !== undefined && (room.snapshot !== undefined || room.log.size > 0);
  }

  async append(name: string, updates: readonly Uint8Array[]): Promise<LogPosition> {
    const room = this.#room(name);
    for (const update of updates) room.log.set(this.#data.next++, update.slice());
    return this.#data.next;
  }

  async compact(name: string, snapshot: Uint8Array, end: LogPosition): Promise<void> {
    const room = this.#room(name);
    const stored = room.snapshot?.end ?? 0;
    if (end < stored || end > this.#data.next) {
      throw new RangeError(
        `compaction of ${name} up to ${end} refused: the stored snapshot covers up to ${stored} and positions given end at ${this.#data.next}`,
      );
    }
    room.snapshot = { end, update: snapshot.slice() };
    for (const position of room.log.keys()) if (position < end) room.log.delete(position);
  }

  async close(): Promise<void> {
    this.#health = 'closed';
  }
}
