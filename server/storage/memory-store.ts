import {
  StoreUnavailableError,
  type DocStore,
  type StoreHealth,
  type StoredRoom,
} from './doc-store.ts';

interface MemoryRoom {
  snapshot?: { nextSeq: number; update: Uint8Array };
  log: Map<number, Uint8Array>;
}

/** A DocStore in process memory: for tests of room logic that need no files. Passes the same contract. */
export class MemoryStore implements DocStore {
  readonly #rooms = new Map<string, MemoryRoom>();
  #health: 'open' | 'closed' = 'open';

  get health(): StoreHealth {
    return this.#health;
  }

  #room(name: string): MemoryRoom {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
    let room = this.#rooms.get(name);
    if (!room) {
      room = { log: new Map() };
      this.#rooms.set(name, room);
    }
    return room;
  }

  async load(name: string): Promise<StoredRoom> {
    const room = this.#room(name);
    const firstSeq = room.snapshot?.nextSeq ?? 0;
    const updates = room.snapshot ? [room.snapshot.update] : [];
    const seqs = [...room.log.keys()].filter((seq) => seq >= firstSeq).sort((a, b) => a - b);
    let tailBytes = 0;
    for (const seq of seqs) {
      const update = room.log.get(seq)!;
      updates.push(update);
      tailBytes += update.byteLength;
    }
    const nextSeq = seqs.length > 0 ? seqs[seqs.length - 1]! + 1 : firstSeq;
    const snapshotBytes = room.snapshot?.update.byteLength ?? 0;
    return { updates, nextSeq, snapshotBytes, tailCount: seqs.length, tailBytes };
  }

  async exists(name: string): Promise<boolean> {
    if (this.#health !== 'open') throw new StoreUnavailableError(this.#health);
    const room = this.#rooms.get(name);
    return room !== undefined && (room.snapshot !== undefined || room.log.size > 0);
  }

  async append(name: string, fromSeq: number, updates: readonly Uint8Array[]): Promise<void> {
    const room = this.#room(name);
    updates.forEach((update, i) => room.log.set(fromSeq + i, update.slice()));
  }

  async compact(name: string, snapshot: Uint8Array, nextSeq: number): Promise<void> {
    const room = this.#room(name);
    const storedSeq = room.snapshot?.nextSeq ?? 0;
    let end = storedSeq;
    for (const seq of room.log.keys()) end = Math.max(end, seq + 1);
    if (nextSeq < storedSeq || nextSeq > end) {
      throw new RangeError(
        `compaction of ${name} up to ${nextSeq} refused: the stored snapshot covers up to ${storedSeq} and the log ends at ${end}`,
      );
    }
    room.snapshot = { nextSeq, update: snapshot.slice() };
    for (const seq of room.log.keys()) if (seq < nextSeq) room.log.delete(seq);
  }

  async close(): Promise<void> {
    this.#health = 'closed';
  }
}
