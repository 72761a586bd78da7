import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deletionsOf } from '../test-support/delete-sets.ts';
import { deletionsSince } from './delete-ranges.ts';

/** The section of a hand-written deletions-only update (test-support/delete-sets.ts). */
const section = (ranges: Map<number, [number, number][]>) => deletionsOf(ranges).subarray(1);
const rangesOf = (bytes: Uint8Array) => {
  const update = new Uint8Array(bytes.byteLength + 1);
  update.set(bytes, 1);
  return [...Y.decodeUpdate(update).ds.clients].map(([client, items]) => [
    client,
    items.map((item) => [item.clock, item.len]),
  ]);
};

describe('deletions since a version', () => {
  it('keeps only the clocks the earlier delete set lacks, range by range', () => {
    const before = section(
      new Map([
        [
          7,
          [
            [0, 10],
            [20, 5],
          ],
        ],
        [3, [[4, 2]]],
      ]),
    );
    const now = section(
      new Map([
        [9, [[1, 1]]],
        [7, [[0, 30]]],
        [3, [[4, 2]]],
      ]),
    );
    expect(rangesOf(deletionsSince(now, before))).toEqual([
      [9, [[1, 1]]],
      [
        7,
        [
          [10, 10],
          [25, 5],
        ],
      ],
    ]);
    expect(rangesOf(deletionsSince(now, now))).toEqual([]);
  });
});
