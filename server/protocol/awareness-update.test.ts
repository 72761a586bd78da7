import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { RefusedError } from './close-reasons.ts';
import { MAX_PRESENCE_DEPTH, jsonDepth, readAwarenessEntries } from './awareness-update.ts';
import { ProtocolError } from './messages.ts';

const limits = { maxPresenceStateBytes: 100, maxPresenceClientsPerConnection: 2 };

function update(entries: [number, number, string][], trailing: number[] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  for (const byte of trailing) encoding.writeUint8(encoder, byte);
  return encoding.toUint8Array(encoder);
}

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['"[[[["', 0],
    ['["\\"[["]', 1],
    ['[[]][[[]]]', 3],
  ])('%s is %i deep', (json, depth) => expect(jsonDepth(json)).toBe(depth));
});

describe('readAwarenessEntries', () => {
  it('reads states and removals', () => {
    expect(
      readAwarenessEntries(
        update([
          [1, 3, '{"a":1}'],
          [2, 4, 'null'],
        ]),
        limits,
      ),
    ).toEqual([
      { clientId: 1, clock: 3, json: '{"a":1}' },
      { clientId: 2, clock: 4, json: 'null' },
    ]);
  });

  it('accepts a state of exactly the size and depth limits', () => {
    const deep = '['.repeat(MAX_PRESENCE_DEPTH) + ']'.repeat(MAX_PRESENCE_DEPTH);
    expect(
      readAwarenessEntries(update([[1, 1, deep]]), { ...limits, maxPresenceStateBytes: 64 }),
    ).toHaveLength(1);
    expect(readAwarenessEntries(update([[1, 1, `"${'x'.repeat(98)}"`]]), limits)).toHaveLength(1);
  });

  it.each([
    ['one byte over the size', update([[1, 1, `"${'x'.repeat(99)}"`]])],
    ['multi-byte characters over the size', update([[1, 1, `"${'é'.repeat(50)}"`]])],
    ['deeper than the limit', update([[1, 1, '['.repeat(33) + ']'.repeat(33)]])],
    ['truncated', update([[1, 1, '{}']]).slice(0, -1)],
    ['trailing bytes', update([[1, 1, '{}']], [0])],
    ['a count beyond the frame', Uint8Array.from([0xff, 0xff, 0x03, 1, 1, 0])],
    ['invalid UTF-8', Uint8Array.from([1, 1, 1, 2, 0xc3, 0x28])],
  ])('refuses %s as malformed', (_what, bytes) => {
    expect(() => readAwarenessEntries(bytes, limits)).toThrow(ProtocolError);
  });

  it('refuses more clients in one frame than one connection may have', () => {
    const three = update([
      [1, 1, '{}'],
      [2, 1, '{}'],
      [3, 1, '{}'],
    ]);
    expect(() => readAwarenessEntries(three, limits)).toThrow(RefusedError);
  });
});
