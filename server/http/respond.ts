import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** Answers a refused upgrade with a plain HTTP status on the raw socket, before any WebSocket exists. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  retryAfterSeconds?: number,
): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      (retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`) +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
}
