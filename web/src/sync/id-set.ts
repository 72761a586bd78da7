/**
 * A set of Yjs ids (client, clock), kept per client as sorted, merged half-open clock ranges.
 * A Yjs state vector is the special case of one range [0, clock) per client, and a Yjs delete
 * set is one of these too; the server-knowledge module uses one for each.
 *
 * Ranges that touch are merged, so each client's list is as short as it can be: a state vector
 * with n clients costs n ranges, whatever the document's size.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** A half-open clock range [start, end) of one client. */
export interface ClockRange {
  readonly start: number;
  readonly end: number;
}

export class IdSet {
  /** Per client: [start0, end0, start1, end1, …], sorted, disjoint, never touching. */
  readonly #clients = new Map<number, number[]>();

  get clientCount(): number {
    return this.#clients.size;
  }

  /** How many ids (clock units) the set holds in all. */
  get size(): number {
    let total = 0;
    for (const bounds of this.#clients.values()) {
      for (let i = 0; i < bounds.length; i += 2) total += bounds[i + 1]! - bounds[i]!;
    }
    return total;
  }

  clients(): IterableIterator<number> {
    return this.#clients.keys();
  }

  /** Adds [start, end) of `client`; true if anything was new. */
  add(client: number, start: number, end: number): boolean {
    if (!(end > start) || start < 0) return false;
    const bounds = this.#clients.get(client);
    if (!bounds) {
      this.#clients.set(client, [start, end]);
      return true;
    }
    // First range that ends at or after `start` (it may touch and so merge).
    const first = firstEndingAtOrAfter(bounds, start);
    let last = first;
    while (last < bounds.length && bounds[last]! <= end) last += 2;
    // Ranges first..last-2 (pairs) overlap or touch [start, end).
    if (first === last) {
      bounds.splice(first, 0, start, end);
      return true;
    }
    const mergedStart = Math.min(start, bounds[first]!);
    const mergedEnd = Math.max(end, bounds[last - 1]!);
    const grew = last - first > 2 || mergedStart < bounds[first]! || mergedEnd > bounds[first + 1]!;
    if (!grew) return false;
    bounds.splice(first, last - first, mergedStart, mergedEnd);
    return true;
  }

  /** Adds everything `other` holds; true if anything was new. */
  addAll(other: IdSet): boolean {
    let changed = false;
    for (const [client, bounds] of other.#clients) {
      for (let i = 0; i < bounds.length; i += 2) {
        if (this.add(client, bounds[i]!, bounds[i + 1]!)) changed = true;
      }
    }
    return changed;
  }

  /** Whether every id of [start, end) of `client` is in the set. */
  covers(client: number, start: number, end: number): boolean {
    if (!(end > start)) return true;
    const bounds = this.#clients.get(client);
    if (!bounds) return false;
    const i = firstEndingAtOrAfter(bounds, start + 1);
    return i < bounds.length && bounds[i]! <= start && bounds[i + 1]! >= end;
  }

  has(client: number, clock: number): boolean {
    return this.covers(client, clock, clock + 1);
  }

  /** The parts of [start, end) of `client` that the set does not hold, in order. */
  missing(client: number, start: number, end: number): ClockRange[] {
    const gaps: ClockRange[] = [];
    if (!(end > start)) return gaps;
    const bounds = this.#clients.get(client) ?? [];
    let cursor = start;
    for (let i = firstEndingAtOrAfter(bounds, start + 1); i < bounds.length; i += 2) {
      const from = bounds[i]!;
      if (from >= end) break;
      if (from > cursor) gaps.push({ start: cursor, end: from });
      cursor = Math.max(cursor, bounds[i + 1]!);
      if (cursor >= end) break;
    }
    if (cursor < end) gaps.push({ start: cursor, end });
    return gaps;
  }

  /** The ranges held for `client`, in order. */
  ranges(client: number): ClockRange[] {
    const bounds = this.#clients.get(client) ?? [];
    const ranges: ClockRange[] = [];
    for (let i = 0; i < bounds.length; i += 2)
      ranges.push({ start: bounds[i]!, end: bounds[i + 1]! });
    return ranges;
  }

  /** How far the set runs unbroken from clock 0: what a state vector would say for `client`. */
  contiguousEnd(client: number): number {
    const bounds = this.#clients.get(client);
    return bounds && bounds[0] === 0 ? bounds[1]! : 0;
  }

  equals(other: IdSet): boolean {
    if (this.#clients.size !== other.#clients.size) return false;
    for (const [client, bounds] of this.#clients) {
      const theirs = other.#clients.get(client);
      if (!theirs || theirs.length !== bounds.length) return false;
      if (bounds.some((value, i) => theirs[i] !== value)) return false;
    }
    return true;
  }

  clone(): IdSet {
    const copy = new IdSet();
    for (const [client, bounds] of this.#clients) copy.#clients.set(client, [...bounds]);
    return copy;
  }

  /** varUint(clients), then per client: varUint(client), varUint(ranges), (start, length)…  */
  write(encoder: encoding.Encoder): void {
    encoding.writeVarUint(encoder, this.#clients.size);
    for (const [client, bounds] of this.#clients) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, bounds.length / 2);
      for (let i = 0; i < bounds.length; i += 2) {
        encoding.writeVarUint(encoder, bounds[i]!);
        encoding.writeVarUint(encoder, bounds[i + 1]! - bounds[i]!);
      }
    }
  }

  /** Reads what `write` wrote; throws on truncated or malformed bytes. */
  static read(decoder: decoding.Decoder): IdSet {
    const set = new IdSet();
    const clientCount = decoding.readVarUint(decoder);
    for (let c = 0; c < clientCount; c++) {
      const client = decoding.readVarUint(decoder);
      const rangeCount = decoding.readVarUint(decoder);
      for (let r = 0; r < rangeCount; r++) {
        const start = decoding.readVarUint(decoder);
        const length = decoding.readVarUint(decoder);
        set.add(client, start, start + length);
      }
    }
    return set;
  }
}

/** Index (even) of the first range whose end is ≥ `clock`; bounds.length if none. */
function firstEndingAtOrAfter(bounds: readonly number[], clock: number): number {
  let low = 0;
  let high = bounds.length / 2;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (bounds[mid * 2 + 1]! >= clock) high = mid;
    else low = mid + 1;
  }
  return low * 2;
}
