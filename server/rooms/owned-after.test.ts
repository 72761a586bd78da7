import { describe, expect, it } from 'vitest';
import { ownedAfter } from './room.ts';

describe('ownedAfter', () => {
  it('adds, renews and removes ids, returning the same array when nothing changed', () => {
    const owned = [1, 2];
    expect(ownedAfter(owned, { added: [], updated: [1, 2], removed: [] })).toBe(owned);
    expect(ownedAfter(owned, { added: [3], updated: [1], removed: [2] })).toEqual([1, 3]);
    expect(ownedAfter([], { added: [], updated: [5], removed: [] })).toEqual([5]);
  });

  it('is linear in the change', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    // Quadratic would be 2·10^10 steps; this finishes within the test timeout only if linear.
    expect(ownedAfter([], { added: many, updated: many, removed: [] })).toHaveLength(200_000);
  });
});
