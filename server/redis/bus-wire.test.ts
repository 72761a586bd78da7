import { describe, expect, it } from 'vitest';
import { BusWireError, decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-wire.ts';

describe('bus messages between relay instances', () => {
  it('carry presence frames and pings, each naming its instance, byte for byte', () => {
    const messages: BusMessage[] = [
      { type: 'presence', instance: 'i-1', frames: [Uint8Array.of(1, 2, 3), Uint8Array.of()] },
      { type: 'ping', instance: 'i-2', token: 't' },
      { type: 'tick', instance: 'i-3', end: 300 },
      { type: 'recall', instance: 'i-4' },
    ];
    for (const message of messages) {
      expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message);
    }
    expect([...encodeBusMessage(messages[1]!)]).toEqual([1, 3, 0x69, 0x2d, 0x32, 1, 0x74]);
    expect([...encodeBusMessage(messages[3]!)]).toEqual([3, 3, 0x69, 0x2d, 0x34]);
  });

  it('refuse what no instance wrote: unknown kinds, lying counts, trailing bytes, truncation', () => {
    const presence = encodeBusMessage({
      type: 'presence',
      instance: 'i',
      frames: [Uint8Array.of(9)],
    });
    for (const bytes of [
      Uint8Array.of(7, 1, 0x69),
      Uint8Array.of(3, 1, 0x69, 0),
      Uint8Array.of(0, 1, 0x69, 200, 1),
      Uint8Array.of(...presence, 0),
      presence.slice(0, presence.length - 1),
      Uint8Array.of(),
    ]) {
      expect(() => decodeBusMessage(bytes)).toThrow(BusWireError);
    }
  });
});
