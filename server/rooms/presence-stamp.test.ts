import { describe, expect, it } from 'vitest';
import type { AwarenessEntry } from '../protocol/awareness-update.ts';
import { stampIdentity } from './presence-stamp.ts';

const entry = (clientId: number, state: unknown): AwarenessEntry => {
  const json = typeof state === 'string' ? state : JSON.stringify(state);
  return { clientId, clock: 1, json, bytes: new TextEncoder().encode(json).byteLength };
};
const stateOf = (stamped: { entries: readonly AwarenessEntry[] }, at = 0): unknown =>
  JSON.parse(stamped.entries[at]!.json);

const ALICE = { key: 'sub:alice', name: 'Alice', color: '#e11d48' };

describe("stamping a connection's verified name and color into its presence", () => {
  it('replaces the name and color a state claims, and keeps every other field', () => {
    const stamped = stampIdentity(
      [entry(7, { user: { id: 'u1', name: 'Bob', color: '#000000' }, cursor: { x: 1, y: 2 } })],
      ALICE,
    );
    expect(stamped.altered).toBe(true);
    expect(stateOf(stamped)).toEqual({
      user: { id: 'u1', name: 'Alice', color: '#e11d48' },
      cursor: { x: 1, y: 2 },
    });
    expect(stamped.entries[0]!.bytes).toBe(
      new TextEncoder().encode(stamped.entries[0]!.json).length,
    );
  });

  it('adds a user to a state without one', () => {
    expect(stateOf(stampIdentity([entry(7, { cursor: null })], ALICE))).toEqual({
      cursor: null,
      user: { name: 'Alice', color: '#e11d48' },
    });
  });

  it('stamps only what the identity has', () => {
    const stamped = stampIdentity([entry(7, { user: { name: 'Fake', color: '#123456' } })], {
      key: 'sub:a',
      name: 'Alice',
    });
    expect(stateOf(stamped)).toEqual({ user: { name: 'Alice', color: '#123456' } });
  });

  it('leaves alone: anonymous and nameless identities, removals, non-objects, states already right', () => {
    const entries = [entry(7, { user: { name: 'Bob' } })];
    expect(stampIdentity(entries, null)).toEqual({ entries, altered: false });
    expect(stampIdentity(entries, { key: 'device:x' })).toEqual({ entries, altered: false });
    const others = [
      entry(1, 'null'),
      entry(2, '"text"'),
      entry(3, '[1,2]'),
      entry(4, '{not json'),
      entry(5, { user: { name: 'Alice', color: '#e11d48' } }),
    ];
    const stamped = stampIdentity(others, ALICE);
    expect(stamped.altered).toBe(false);
    expect(stamped.entries).toBe(others);
  });
});
