import * as encoding from 'lib0/encoding';

/** A clock range of one client: its first clock and how many clocks it spans. */
export type ClockRange = readonly [clock: number, length: number];

/**
 * A Yjs update (v1) with no structs that deletes `ranges` of each client, written by hand as an
 * attacker would: Yjs itself only writes ranges of items a document holds.
 */
export function deletionsOf(ranges: ReadonlyMap<number, readonly ClockRange[]>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, ranges.size);
  for (const [client, list] of ranges) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const [clock, length] of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}

/**
 * `count` one-clock ranges of `client` on every other clock from `from`, which Yjs cannot join
 * into fewer: about 4 bytes each, so 450,000 of them make a 1.8 MB frame.
 */
export function scatteredDeletions(client: number, from: number, count: number): Uint8Array {
  const ranges = Array.from({ length: count }, (_, i): ClockRange => [from + 2 * i, 1]);
  return deletionsOf(new Map([[client, ranges]]));
}
