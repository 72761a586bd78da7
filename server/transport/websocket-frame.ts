/**
 * Server-to-client WebSocket framing (RFC 6455 §5.2) for binary messages: unmasked, unfragmented,
 * no extensions (the server refuses permessage-deflate). Pure, so the wire bytes are tested
 * directly; the connection writes them to the TCP socket itself, so that a broadcast is framed
 * once and the same bytes go to every socket instead of being framed again for each.
 */
const FIN_BINARY = 0x82;

/** Bytes of the frame header for a payload of `length` bytes. */
const headerLength = (length: number): number => (length < 126 ? 2 : length < 65_536 ? 4 : 10);

/** Frames each payload as one binary message, all of them back to back in one buffer. */
export function frameBinaryMessages(payloads: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const payload of payloads) total += headerLength(payload.byteLength) + payload.byteLength;
  const wire = Buffer.allocUnsafe(total);
  let at = 0;
  for (const payload of payloads) {
    const length = payload.byteLength;
    wire[at++] = FIN_BINARY;
    if (length < 126) {
      wire[at++] = length;
    } else if (length < 65_536) {
      wire[at++] = 126;
      wire.writeUInt16BE(length, at);
      at += 2;
    } else {
      wire[at++] = 127;
      // Payloads are far below 2^53; the high word carries what a double can hold.
      wire.writeUInt32BE(Math.floor(length / 2 ** 32), at);
      wire.writeUInt32BE(length >>> 0, at + 4);
      at += 8;
    }
    wire.set(payload, at);
    at += length;
  }
  return wire;
}
