import { describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { RoomAuthors } from './room-authors.ts';

const ALICE = { key: 'sub:alice' };
const BOB = { key: 'device:b0b' };

describe("a room's authors", () => {
  it('binds new ids to the identity writing them, and lets it go on under them', () => {
    const authors = new RoomAuthors();
    const claim = authors.claim(ALICE, [1, 2]);
    expect(claim.bindings).toEqual([
      { client: 1, key: 'sub:alice' },
      { client: 2, key: 'sub:alice' },
    ]);
    authors.bind(claim.bindings);
    expect(authors.claim(ALICE, [1, 2]).bindings).toEqual([]);
    expect(authors.ownerOf(2)).toBe('sub:alice');
  });

  it("refuses another identity, or an anonymous writer, under an identity's id", () => {
    const authors = new RoomAuthors([{ client: 1, key: 'sub:alice' }]);
    expect(() => authors.claim(BOB, [3, 1])).toThrow(
      expect.objectContaining({ reason: CloseReason.clientOwned }),
    );
    expect(() => authors.claim(null, [1])).toThrow(
      expect.objectContaining({ reason: CloseReason.clientOwned }),
    );
    // Refused whole: nothing of the refused claim was bound.
    expect(authors.ownerOf(3)).toBeUndefined();
  });

  it('leaves ids an anonymous writer adds unbound', () => {
    const authors = new RoomAuthors();
    expect(authors.claim(null, [5])).toEqual({ bindings: [], skipped: 0 });
    expect(authors.ownerOf(5)).toBeUndefined();
  });

  it('binds no more than its cap, and counts the ids it left unbound', () => {
    const authors = new RoomAuthors([{ client: 1, key: 'sub:alice' }], 3);
    const claim = authors.claim(BOB, [2, 3, 4, 5]);
    expect(claim.bindings.map(({ client }) => client)).toEqual([2, 3]);
    expect(claim.skipped).toBe(2);
    authors.bind(claim.bindings);
    expect(authors.size).toBe(3);
    // Past the cap an id is as open as before authorship: anyone may write under it.
    expect(authors.claim(ALICE, [4]).skipped).toBe(1);
  });
});
