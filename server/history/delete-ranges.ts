import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * The delete set section of a Yjs (v1) update, as bytes: varUint(clients), then per client, in
 * descending client order, varUint(client) varUint(ranges) and (varUint(clock) varUint(len)) per
 * range. Yjs writes the whole delete set of a document into every update it encodes, a diff
 * included; for a board that is ~8 bytes per finished stroke (the tombstones of its merged point
 * chunks), 80 KB of every diff of a 10,000-stroke board. A version keeps only what was deleted
 * since the version before it (version-chain.ts), which these functions cut out.
 */
type Ranges = Map<number, [clock: number, len: number][]>;

/** The delete set section of `doc` now: what every update encoded from it ends with. */
export function deleteSectionOf(doc: Y.Doc): Uint8Array {
  const empty = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc));
  // No structs: one varUint(0), then the section.
  if (empty[0] !== 0) throw new Error('unexpected Yjs update layout');
  return empty.subarray(1);
}

function read(section: Uint8Array): Ranges {
  const decoder = decoding.createDecoder(section);
  const ranges: Ranges = new Map();
  const clients = decoding.readVarUint(decoder);
  for (let i = 0; i < clients; i++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    const list: [number, number][] = [];
    for (let j = 0; j < count; j++) {
      list.push([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]);
    }
    ranges.set(client, list);
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a delete set');
  return ranges;
}

function write(ranges: Ranges): Uint8Array {
  const encoder = encoding.createEncoder();
  const clients = [...ranges.entries()].filter(([, list]) => list.length > 0);
  clients.sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, list] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const [clock, len] of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** The deletions of `current` that `previous` lacks, as a section. Linear in both. */
export function deletionsSince(current: Uint8Array, previous: Uint8Array): Uint8Array {
  const before = read(previous);
  const now = read(current);
  const fresh: Ranges = new Map();
  for (const [client, list] of now) {
    const old = [...(before.get(client) ?? [])].sort((a, b) => a[0] - b[0]);
    const kept: [number, number][] = [];
    let o = 0;
    for (const [clock, len] of [...list].sort((a, b) => a[0] - b[0])) {
      let start = clock;
      const end = clock + len;
      while (o < old.length && old[o]![0] + old[o]![1] <= start) o++;
      for (let p = o; p < old.length && old[p]![0] < end && start < end; p++) {
        const [oldClock, oldLen] = old[p]!;
        if (oldClock > start) kept.push([start, oldClock - start]);
        start = Math.max(start, oldClock + oldLen);
      }
      if (start < end) kept.push([start, end - start]);
    }
    fresh.set(client, kept);
  }
  return write(fresh);
}

/**
 * `diff` (a Yjs update encoded from the document whose section is `section`) with its delete set
 * replaced by `deletions`; null when `diff` does not end with `section` (then keep it whole).
 */
export function withDeletions(
  diff: Uint8Array,
  section: Uint8Array,
  deletions: Uint8Array,
): Uint8Array | null {
  const structsEnd = diff.byteLength - section.byteLength;
  if (structsEnd < 1) return null;
  const tail = diff.subarray(structsEnd);
  if (!Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength).equals(section)) return null;
  const out = new Uint8Array(structsEnd + deletions.byteLength);
  out.set(diff.subarray(0, structsEnd), 0);
  out.set(deletions, structsEnd);
  return out;
}
