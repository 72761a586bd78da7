import * as Y from 'yjs';
import type { DecodedUpdate } from './decoded-update.ts';
import { GONE, type Container, type KnownItems, type Landing } from './placement.ts';

/** Where a run of ids of one client will land, learned when its update was accepted. */
export interface ItemRecord {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly landing: Landing;
  /** The type the item opens, if it holds one. */
  readonly container: Container | null;
}

/** Points one accepted chunk adds to the stroke whose points list is `container`. */
export interface ChunkRecord {
  readonly container: string;
  readonly id: Y.ID;
  readonly points: number;
}

/** What one accepted update adds, kept until the room's document holds it. */
export interface Accepted {
  readonly items: readonly ItemRecord[];
  readonly chunks: readonly ChunkRecord[];
  readonly strokes: number;
}

interface Stamped<T> {
  readonly seq: number;
  readonly record: T;
}

/**
 * Updates the room has accepted but not yet applied (they wait for their log write): a client
 * that sends a stroke's first update and its next one in the same breath builds on ids only
 * these know. Records leave in the order their updates are applied, so each list drops a prefix.
 */
export class UnappliedItems implements KnownItems {
  /** Each client's runs in clock order, without overlaps. */
  readonly #items = new Map<number, Stamped<ItemRecord>[]>();
  readonly #chunks = new Map<string, Stamped<ChunkRecord>[]>();
  readonly #strokes: Stamped<number>[] = [];
  #strokeTotal = 0;
  #accepted = 0;
  #applied = 0;

  add({ items, chunks, strokes }: Accepted): void {
    const seq = ++this.#accepted;
    for (const record of items) this.#addItem(seq, record);
    for (const record of chunks) {
      let list = this.#chunks.get(record.container);
      if (!list) this.#chunks.set(record.container, (list = []));
      list.push({ seq, record });
    }
    if (strokes > 0) {
      this.#strokes.push({ seq, record: strokes });
      this.#strokeTotal += strokes;
    }
  }

  /** The oldest `count` accepted updates are now in the room's document. */
  applied(count: number): void {
    this.#applied = Math.min(this.#accepted, this.#applied + count);
    const stale = (entry: Stamped<unknown>): boolean => entry.seq <= this.#applied;
    for (const [client, list] of this.#items) {
      if (dropPrefix(list, stale) === 0) this.#items.delete(client);
    }
    for (const [container, list] of this.#chunks) {
      if (dropPrefix(list, stale) === 0) this.#chunks.delete(container);
    }
    while (this.#strokes.length > 0 && stale(this.#strokes[0]!)) {
      this.#strokeTotal -= this.#strokes.shift()!.record;
    }
  }

  hasClient(client: number): boolean {
    return this.#items.has(client);
  }

  /**
   * Where the accepted runs of `client` end when they continue without a gap from `from` (what
   * the document holds of that client); `from` when none do.
   */
  continuesTo(client: number, from: number): number {
    let end = from;
    for (const { record } of this.#items.get(client) ?? []) {
      if (record.clock > end) break;
      end = Math.max(end, record.clock + record.length);
    }
    return end;
  }

  /** Whether accepted runs of `client` hold every clock of [clock, end), gaps or not. */
  covers(client: number, clock: number, end: number): boolean {
    const list = this.#items.get(client);
    if (!list) return false;
    let at = this.#indexOf(list, clock);
    if (at < 0) return false;
    let reached = clock;
    for (; at < list.length && list[at]!.record.clock <= reached; at++) {
      const { record } = list[at]!;
      reached = Math.max(reached, record.clock + record.length);
      if (reached >= end) return true;
    }
    return false;
  }

  /** Clients with structs accepted and not yet applied. */
  get clients(): number {
    return this.#items.size;
  }

  /** Strokes accepted and not yet applied. */
  get strokes(): number {
    return this.#strokeTotal;
  }

  /** Points accepted into the points list `container` that `update` does not delete. */
  pointsIn(container: string, update: DecodedUpdate): number {
    let points = 0;
    for (const { record } of this.#chunks.get(container) ?? []) {
      if (!update.deletes(record.id)) points += record.points;
    }
    return points;
  }

  landingOf(id: Y.ID): Landing | null {
    return this.#find(id)?.landing ?? null;
  }

  containerAt(id: Y.ID): Container | typeof GONE | null {
    const record = this.#find(id);
    if (!record) return null;
    return record.landing !== GONE && record.container && record.clock === id.clock
      ? record.container
      : GONE;
  }

  #find(id: Y.ID): ItemRecord | null {
    const list = this.#items.get(id.client);
    if (!list) return null;
    const at = this.#indexOf(list, id.clock);
    return at < 0 ? null : list[at]!.record;
  }

  /** Where in `list` the run holding `clock` is, or -1. */
  #indexOf(list: readonly Stamped<ItemRecord>[], clock: number): number {
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const { record } = list[middle]!;
      if (clock < record.clock) high = middle - 1;
      else if (clock >= record.clock + record.length) low = middle + 1;
      else return middle;
    }
    return -1;
  }

  #addItem(seq: number, record: ItemRecord): void {
    let list = this.#items.get(record.client);
    if (!list) this.#items.set(record.client, (list = []));
    const last = list[list.length - 1]?.record;
    const end = last ? last.clock + last.length : 0;
    // A client resending what is already accepted (a step 2 racing its own updates): only the
    // part past what is known is new, and it lands where the whole item does.
    if (record.clock + record.length <= end) return;
    const start = Math.max(record.clock, end);
    list.push({
      seq,
      record: { ...record, clock: start, length: record.clock + record.length - start },
    });
  }
}

/** Removes the entries before the first that is not `stale`; returns how many remain. */
function dropPrefix<T>(list: Stamped<T>[], stale: (entry: Stamped<T>) => boolean): number {
  let index = 0;
  while (index < list.length && stale(list[index]!)) index++;
  if (index > 0) list.splice(0, index);
  return list.length;
}
