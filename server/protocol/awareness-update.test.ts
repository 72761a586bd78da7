import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { RefusedError } from './close-reasons.ts';
import {
  MAX_PRESENCE_DEPTH,
  MAX_PRESENCE_ENTRIES_PER_FRAME,
  encodeAwarenessEntries,
  jsonDepth,
  readAwarenessEntries,
} from './awareness-update.ts';
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
      { clientId: 1, clock: 3, json: '{"a":1}', bytes: 7 },
      { clientId: 2, clock: 4, json: 'null', bytes: 4 },
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

  it('reads as many clients as one frame of the relay holds: an honest echo of a crowded room', () => {
    // y-websocket sends back every state it applied from a frame; most of them are other people,
    // so whether a connection claims too many is the room's call (it sees which are new).
    const echo = Array.from(
      { length: MAX_PRESENCE_ENTRIES_PER_FRAME },
      (_, i) => [i + 1, 1, '{}'] as [number, number, string],
    );
    expect(readAwarenessEntries(update(echo), limits)).toHaveLength(MAX_PRESENCE_ENTRIES_PER_FRAME);
  });

  it('refuses more clients in one frame than the relay ever puts in one', () => {
    const tooMany = Array.from(
      { length: MAX_PRESENCE_ENTRIES_PER_FRAME + 1 },
      (_, i) => [i + 1, 1, '{}'] as [number, number, string],
    );
    expect(() => readAwarenessEntries(update(tooMany), limits)).toThrow(RefusedError);
  });

  it('lets a connection allowed more clients than a relay frame holds announce them at once', () => {
    const many = Array.from(
      { length: 200 },
      (_, i) => [i + 1, 1, '{}'] as [number, number, string],
    );
    expect(
      readAwarenessEntries(update(many), { ...limits, maxPresenceClientsPerConnection: 200 }),
    ).toHaveLength(200);
  });
});

describe('encodeAwarenessEntries', () => {
  it('writes what readAwarenessEntries reads, byte for byte as y-protocols lays it out', () => {
    const bytes = update([
      [1, 7, '{"user":{"name":"Zoë"}}'],
      [300, 2, 'null'],
    ]);
    const entries = readAwarenessEntries(bytes, { ...limits, maxPresenceClientsPerConnection: 8 });
    expect(encodeAwarenessEntries(entries)).toEqual(bytes);
    expect(encodeAwarenessEntries([])).toEqual(update([]));
  });
});
