import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { frameBinaryMessages } from './websocket-frame.ts';

/** ws's frame parser: exported at runtime, but not declared by @types/ws. */
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver;
};

/** Parses bytes as a client would, with ws's own receiver: unmasked frames from a server. */
function receive(wire: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  const errors: Error[] = [];
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(true);
    messages.push(data);
  });
  receiver.on('error', (error: Error) => errors.push(error));
  receiver.write(wire);
  expect(errors).toEqual([]);
  return messages;
}

const payload = (length: number, seed = 1): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

describe('frameBinaryMessages', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])(
    'frames a %i-byte payload so that a WebSocket client reads it back unchanged',
    (length) => {
      const data = payload(length);
      const messages = receive(frameBinaryMessages([data]));
      expect(messages).toHaveLength(1);
      expect(Buffer.compare(messages[0]!, Buffer.from(data))).toBe(0);
    },
  );

  it('uses the shortest length form, as RFC 6455 requires', () => {
    expect(frameBinaryMessages([payload(125)]).byteLength).toBe(2 + 125);
    expect(frameBinaryMessages([payload(126)]).byteLength).toBe(4 + 126);
    expect(frameBinaryMessages([payload(65_536)]).byteLength).toBe(10 + 65_536);
    expect([...frameBinaryMessages([Uint8Array.of(7, 8)])]).toEqual([0x82, 2, 7, 8]);
  });

  it('puts several messages back to back, each read as its own message, in order', () => {
    const sent = [payload(3, 1), payload(300, 2), payload(0), payload(70_000, 3)];
    const messages = receive(frameBinaryMessages(sent));
    expect(messages.map((m) => [...m])).toEqual(sent.map((s) => [...s]));
  });

  it('frames a view into a larger buffer by its own bytes only', () => {
    const backing = payload(64);
    const view = backing.subarray(10, 20);
    const [message] = receive(frameBinaryMessages([view]));
    expect([...message!]).toEqual([...backing.slice(10, 20)]);
  });
});
