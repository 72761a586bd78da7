/**
 * Writes messages framed once (see rooms/shared-frames.ts) straight to the TCP socket under a `ws`
 * WebSocket, so a broadcast is framed once and each socket gets one write of the same bytes,
 * instead of ws framing (and copying) every message again for every socket (f5a7278, relay bench).
 *
 * It leans on two things `ws` does not promise, each checked against the installed ws by
 * prebuilt-frames.test.ts, so an upgrade that changes them fails a test, not production:
 * 1. ws keeps the TCP socket in the private field `_socket` once the upgrade is done.
 * 2. ws writes each frame of its own (ping, pong, close, send) whole and synchronously to that
 *    socket, so our frames never land inside one of its frames. It queues frames of its own only
 *    while compressing (permessage-deflate: refused here, `extensions` must be empty) or reading
 *    a Blob (this server never sends one).
 */
import { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { SharedFrames } from '../rooms/shared-frames.ts';
import { frameBinaryMessages } from './websocket-frame.ts';

/** The TCP socket to write prebuilt frames to; throws if this ws cannot take them. */
export function prebuiltFrameSocket(socket: WebSocket): Socket {
  const tcp: unknown = Reflect.get(socket, '_socket');
  if (!(tcp instanceof Socket)) {
    throw new Error('ws keeps no TCP socket in _socket: prebuilt frames cannot be written');
  }
  if (socket.extensions !== '') {
    throw new Error(
      `prebuilt frames need a WebSocket without extensions, not ${socket.extensions}`,
    );
  }
  return tcp;
}

/** Writes `frames` (framed by the first socket that writes them); returns the bytes written. */
export function writePrebuilt(tcp: Socket, frames: SharedFrames): number {
  const wire = frames.wire(frameBinaryMessages);
  tcp.write(wire);
  return wire.byteLength;
}
