import type { DocStore, StoredRoom } from './doc-store.ts';

interface MemoryRoom {
  snapshot?: { nextSeq: number; update: Uint8Array };
  log: Map<number, Uint8Array>;
}

/** A DocStore in process memory: for tests of room logic that need no files. Passes the same contract. */
export class MemoryStore implements DocStore {
  readonly #rooms = new Map<string, MemoryRoom>();
  #open = true;

  get ready(): boolean {
    return this.#open;
  }

  #room(name: string): MemoryRoom {
    this.#assertOpen();
    let room = this.#rooms.get(name);
    if (!room) {
      room = { log: new Map() };
      this.#rooms.set(name, room);
    }
    return room;
  }

  #assertOpen(): void {
    if (!this.#open) throw new Error('MemoryStore is closed');
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
    return { updates, nextSeq, tailCount: seqs.length, tailBytes };
  }

  async append(name: string, fromSeq: number, updates: readonly Uint8Array[]): Promise<void> {
    const room = this.#room(name);
    updates.forEach((update, i) => room.log.set(fromSeq + i, update.slice()));
  }

  async compact(name: string, snapshot: Uint8Array, nextSeq: number): Promise<void> {
    const room = this.#room(name);
    room.snapshot = { nextSeq, update: snapshot.slice() };
    for (const seq of room.log.keys()) if (seq < nextSeq) room.log.delete(seq);
  }

  async close(): Promise<void> {
    this.#open = false;
  }
}
