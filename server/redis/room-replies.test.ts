import { describe, expect, it } from 'vitest';
import { encodeUpdates } from './log-entry.ts';
import { parseLoad, parseReadAfter } from './room-replies.ts';

/** A stream entry as XRANGE answers it with Buffer replies. */
const entry = (n: number, ...updates: number[][]) => [
  Buffer.from(`${n}-0`),
  [
    Buffer.from('u'),
    Buffer.from(encodeUpdates(updates.map((update) => Uint8Array.from(update)))),
    Buffer.from('i'),
    Buffer.from('a'),
  ],
];
const number = (n: number) => Buffer.from(String(n));

describe('reading on after an end', () => {
  it('hands over the entries that follow without a gap, and the end they reach', () => {
    expect(parseReadAfter('r', 0, [number(0), []])).toEqual({
      kind: 'entries',
      entries: [],
      end: 0,
    });
    const read = parseReadAfter('r', 0, [number(2), [entry(1, [1]), entry(2, [2])]]);
    expect(read).toMatchObject({ kind: 'entries', end: 3 });
    expect(parseReadAfter('r', 5, [number(4), []]), 'nothing new').toEqual({
      kind: 'entries',
      entries: [],
      end: 5,
    });
    expect(parseReadAfter('r', 5, [number(6), [entry(5, [5]), entry(6, [6])]])).toMatchObject({
      kind: 'entries',
      end: 7,
    });
  });

  it('tells a gap: entries the reader has not had were trimmed', () => {
    expect(parseReadAfter('r', 5, [number(7), [entry(6, [6]), entry(7, [7])]])).toEqual({
      kind: 'trimmed',
    });
    expect(parseReadAfter('r', 5, [number(7), []])).toEqual({ kind: 'trimmed' });
    expect(parseReadAfter('r', 0, [number(3), [entry(3, [3])]])).toEqual({ kind: 'trimmed' });
  });
});

describe('reading a load', () => {
  it('puts the snapshot first, counts the tail, and ends past the last entry', () => {
    const loaded = parseLoad('r', [
      Buffer.from([9, 9, 9]),
      number(4),
      [entry(4, [1], [2, 2]), entry(5, [3])],
    ]);
    expect(loaded).toMatchObject({ end: 6, snapshotBytes: 3, tailCount: 3, tailBytes: 4 });
    expect(loaded.updates.map((update) => Array.from(update))).toEqual([
      [9, 9, 9],
      [1],
      [2, 2],
      [3],
    ]);
    expect(parseLoad('r', [Buffer.alloc(0), number(0), []])).toEqual({
      updates: [],
      end: 0,
      snapshotBytes: 0,
      tailCount: 0,
      tailBytes: 0,
    });
  });

  it.each([
    ['not a list', 'x'],
    ['a short list', [Buffer.alloc(0)]],
    ['a bad snapshot end', [Buffer.alloc(0), Buffer.from('-1'), []]],
    ['a bad entry', [Buffer.alloc(0), number(0), [[Buffer.from('1-0')]]]],
  ])('refuses %s', (_, reply) => {
    expect(() => parseLoad('r', reply)).toThrow();
  });
});
