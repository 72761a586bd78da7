import { describe, expect, it } from 'vitest';
import { entryId, entryNumber, readAfterId, roomKeys } from './keys.ts';
import {
  decodeBindings,
  decodeLogEntry,
  decodeUpdates,
  encodeBindings,
  encodeUpdates,
  LogEntryError,
} from './log-entry.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const field = (text: string) => Buffer.from(text, 'utf8');
const plain = (updates: readonly Uint8Array[]) => updates.map((update) => Array.from(update));

describe('the key layout', () => {
  it('puts every key of a room in the slot of its hash tag, apart from rooms that prefix it', () => {
    const keys = roomKeys('a-b');
    for (const key of Object.values(keys)) expect(key).toMatch(/^wb:\{a-b\}:/);
    expect(new Set(Object.values(keys)).size).toBe(Object.keys(keys).length);
    expect(roomKeys('a').log).not.toBe(keys.log);
  });

  it('numbers entries n-0 and reads on from the end a load reached', () => {
    expect(entryId(7)).toBe('7-0');
    expect(entryNumber('7-0')).toBe(7);
    expect(readAfterId(8), 'a load that reached 8 holds entries up to 7').toBe('7-0');
    expect(readAfterId(0), 'an empty room reads from the first entry').toBe('0-0');
    for (const id of ['0-0', '7-1', '07-0', '1700000000000-0x', '-1-0', '99999999999999999-0']) {
      expect(entryNumber(id), id).toBeNull();
    }
  });
});

describe('a log entry', () => {
  it('carries the updates of one append, the writer, and its bindings', () => {
    const updates = [bytes(1), bytes(), bytes(...Array.from({ length: 300 }, (_, i) => i & 0xff))];
    const bindings = [
      { client: 4294967295, key: 'k-é' },
      { client: 2 ** 53 - 1, key: '' },
    ];
    const entry = decodeLogEntry('12-0', [
      field('u'),
      Buffer.from(encodeUpdates(updates)),
      field('i'),
      field('instance-1'),
      field('t'),
      field('1764633600123'),
      field('b'),
      Buffer.from(encodeBindings(bindings)),
    ]);
    expect(entry.storedAt).toBe(1764633600123);
    expect(entry.position).toBe(12);
    expect(plain(entry.updates)).toEqual(plain(updates));
    expect(entry.instance).toBe('instance-1');
    expect(entry.bindings).toEqual(bindings);
  });

  it('has no bindings unless it says so', () => {
    const entry = decodeLogEntry('1-0', [
      field('i'),
      field('x'),
      field('u'),
      Buffer.from(encodeUpdates([])),
    ]);
    expect(entry).toEqual({
      position: 1,
      updates: [],
      instance: 'x',
      storedAt: null,
      bindings: [],
    });
  });

  it('reads within its own bytes even when they sit inside a larger buffer', () => {
    const blob = encodeUpdates([bytes(5, 6, 7)]);
    // Claim 4 bytes where 3 follow; the pooled buffer around it holds more.
    const lying = Uint8Array.from(blob);
    lying[1] = 4;
    const pool = Buffer.alloc(64, 9);
    pool.set(lying, 8);
    expect(() => decodeUpdates(pool.subarray(8, 8 + lying.length))).toThrow(LogEntryError);
  });

  it.each([
    ['a count past its bytes', Uint8Array.of(200, 1, 1)],
    ['a truncated number', Uint8Array.of(0x80)],
    ['bytes after the last update', Uint8Array.of(1, 1, 5, 5)],
    ['nothing at all', Uint8Array.of()],
  ])('refuses updates with %s', (_, blob) => {
    expect(() => decodeUpdates(blob)).toThrow(LogEntryError);
  });

  it('refuses bindings with a bad key or a count past its bytes', () => {
    expect(() => decodeBindings(Uint8Array.of(1, 5, 2, 0xff, 0xfe))).toThrow(LogEntryError);
    expect(() => decodeBindings(Uint8Array.of(9, 1, 0))).toThrow(LogEntryError);
  });

  it('refuses entries the append script could not have written', () => {
    const updates = Buffer.from(encodeUpdates([bytes(1)]));
    expect(() => decodeLogEntry('1-0', [field('u'), updates])).toThrow(/instance/);
    expect(() => decodeLogEntry('1-0', [field('i'), field('x')])).toThrow(/updates/);
    expect(() => decodeLogEntry('1-0', [field('u'), updates, field('i')])).toThrow(/odd/);
    expect(() =>
      decodeLogEntry('1-0', [field('u'), updates, field('i'), field('x'), field('z'), field('')]),
    ).toThrow(/unknown field/);
    expect(() =>
      decodeLogEntry('1-0', [
        field('u'),
        updates,
        field('i'),
        field('x'),
        field('t'),
        field('1e3'),
      ]),
    ).toThrow(/bad time/);
    expect(() =>
      decodeLogEntry('1700000000000-3', [field('u'), updates, field('i'), field('x')]),
    ).toThrow(/stream id/);
  });
});
