import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { seededRandom } from '../model/test-support/seeded-random.ts';
import { IdSet } from './id-set.ts';

const rangesOf = (set: IdSet, client: number) =>
  set.ranges(client).map(({ start, end }) => [start, end]);

function roundTrip(set: IdSet): IdSet {
  const encoder = encoding.createEncoder();
  set.write(encoder);
  return IdSet.read(decoding.createDecoder(encoding.toUint8Array(encoder)));
}

describe('IdSet', () => {
  it('merges overlapping and touching ranges, and keeps gaps', () => {
    const set = new IdSet();
    expect(set.add(1, 10, 20)).toBe(true);
    expect(set.add(1, 30, 40)).toBe(true);
    expect(rangesOf(set, 1)).toEqual([
      [10, 20],
      [30, 40],
    ]);
    expect(set.add(1, 20, 25)).toBe(true); // touches the first
    expect(rangesOf(set, 1)).toEqual([
      [10, 25],
      [30, 40],
    ]);
    expect(set.add(1, 24, 31)).toBe(true); // bridges the gap
    expect(rangesOf(set, 1)).toEqual([[10, 40]]);
    expect(set.add(1, 0, 5)).toBe(true);
    expect(set.add(1, 50, 60)).toBe(true);
    expect(set.add(1, 5, 55)).toBe(true);
    expect(rangesOf(set, 1)).toEqual([[0, 60]]);
    expect(set.size).toBe(60);
  });

  it('reports no change for ranges it already holds, and ignores empty ones', () => {
    const set = new IdSet();
    set.add(7, 0, 100);
    expect(set.add(7, 10, 20)).toBe(false);
    expect(set.add(7, 0, 100)).toBe(false);
    expect(set.add(7, 5, 5)).toBe(false);
    expect(set.add(8, 3, 1)).toBe(false);
    expect(set.clientCount).toBe(1);
  });

  it('keeps clients apart', () => {
    const set = new IdSet();
    set.add(1, 0, 10);
    set.add(2, 10, 20);
    expect(set.covers(1, 0, 10)).toBe(true);
    expect(set.covers(2, 0, 10)).toBe(false);
    expect(set.has(2, 15)).toBe(true);
    expect(set.has(3, 0)).toBe(false);
    expect([...set.clients()].sort()).toEqual([1, 2]);
  });

  it('answers coverage and the missing pieces of a range', () => {
    const set = new IdSet();
    set.add(1, 10, 20);
    set.add(1, 30, 40);
    expect(set.covers(1, 10, 20)).toBe(true);
    expect(set.covers(1, 12, 18)).toBe(true);
    expect(set.covers(1, 15, 35)).toBe(false);
    expect(set.covers(1, 5, 5)).toBe(true);
    expect(set.missing(1, 0, 50)).toEqual([
      { start: 0, end: 10 },
      { start: 20, end: 30 },
      { start: 40, end: 50 },
    ]);
    expect(set.missing(1, 15, 35)).toEqual([{ start: 20, end: 30 }]);
    expect(set.missing(1, 12, 18)).toEqual([]);
    expect(set.missing(2, 0, 3)).toEqual([{ start: 0, end: 3 }]);
  });

  it('says how far it runs unbroken from zero, as a state vector would', () => {
    const set = new IdSet();
    set.add(1, 5, 10);
    expect(set.contiguousEnd(1)).toBe(0);
    set.add(1, 0, 5);
    set.add(1, 20, 30);
    expect(set.contiguousEnd(1)).toBe(10);
    expect(set.contiguousEnd(9)).toBe(0);
  });

  it('unions, clones and compares', () => {
    const a = new IdSet();
    a.add(1, 0, 10);
    const b = new IdSet();
    b.add(1, 10, 20);
    b.add(2, 0, 1);
    const copy = a.clone();
    expect(a.addAll(b)).toBe(true);
    expect(a.addAll(b)).toBe(false);
    expect(rangesOf(a, 1)).toEqual([[0, 20]]);
    expect(copy.equals(a)).toBe(false);
    expect(rangesOf(copy, 1)).toEqual([[0, 10]]);
    expect(a.clone().equals(a)).toBe(true);
  });

  it('round-trips through its encoding', () => {
    const set = new IdSet();
    set.add(3_000_000_000, 0, 12);
    set.add(1, 5, 9);
    set.add(1, 100, 2000);
    expect(roundTrip(set).equals(set)).toBe(true);
    expect(roundTrip(new IdSet()).equals(new IdSet())).toBe(true);
  });

  it('throws on truncated bytes instead of inventing ids', () => {
    const set = new IdSet();
    set.add(1, 5, 9);
    const encoder = encoding.createEncoder();
    set.write(encoder);
    const bytes = encoding.toUint8Array(encoder);
    expect(() => IdSet.read(decoding.createDecoder(bytes.subarray(0, bytes.length - 1)))).toThrow();
  });

  it.each([1, 2, 3, 42, 1234])('agrees with a plain set of clocks (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const set = new IdSet();
    const plain = new Set<number>();
    for (let step = 0; step < 300; step++) {
      const start = Math.floor(random() * 200);
      const end = start + Math.floor(random() * 12);
      const before = plain.size;
      for (let clock = start; clock < end; clock++) plain.add(clock);
      expect(set.add(0, start, end)).toBe(plain.size > before);
      // Invariants: sorted, disjoint, never touching.
      const ranges = set.ranges(0);
      for (let i = 1; i < ranges.length; i++) {
        expect(ranges[i]!.start).toBeGreaterThan(ranges[i - 1]!.end);
      }
      expect(set.size).toBe(plain.size);
      const from = Math.floor(random() * 200);
      const to = from + Math.floor(random() * 30);
      let all = true;
      const missing: number[] = [];
      for (let clock = from; clock < to; clock++) {
        if (!plain.has(clock)) {
          all = false;
          missing.push(clock);
        }
      }
      expect(set.covers(0, from, to)).toBe(all);
      expect(set.missing(0, from, to).flatMap(({ start, end }) => range(start, end))).toEqual(
        missing,
      );
    }
  });
});

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
