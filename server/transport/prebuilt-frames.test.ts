/**
 * The contract prebuilt-frames.ts relies on, checked against the installed `ws`: if an upgrade of
 * ws moves its TCP socket, or starts queueing its own frames where ours could overtake them, these
 * tests fail instead of production.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SharedFrames } from '../rooms/shared-frames.ts';
import { prebuiltFrameSocket, writePrebuilt } from './prebuilt-frames.ts';

interface Pair {
  /** The server side, as the relay holds it. */
  readonly server: WebSocket;
  /** The socket Node handed to the upgrade. */
  readonly upgraded: Duplex;
  /** A real ws client, collecting every message whole. */
  readonly client: WebSocket;
  readonly received: Buffer[];
  readonly pongs: () => number;
}

let http: Server | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  // Upgraded sockets are no longer the HTTP server's: each is ended here.
  for (const socket of sockets.splice(0)) socket.terminate();
  const closing = http;
  http = undefined;
  if (closing) await new Promise((resolve) => closing.close(resolve));
});

async function connect(perMessageDeflate = false): Promise<Pair> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate, clientTracking: false });
  const accepted = new Promise<{ server: WebSocket; upgraded: Duplex }>((resolve) => {
    http = createServer();
    http.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (server) => resolve({ server, upgraded: socket }));
    });
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  const { port } = http!.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate });
  const received: Buffer[] = [];
  client.on('message', (data: Buffer, isBinary) => {
    expect(isBinary).toBe(true);
    received.push(data);
  });
  await new Promise((resolve) => client.once('open', resolve));
  const { server, upgraded } = await accepted;
  sockets.push(server, client);
  let pongs = 0;
  server.on('pong', () => pongs++);
  return { server, upgraded, client, received, pongs: () => pongs };
}

/** A message whose bytes say which it is: `index` repeated, `length` long. */
const numbered = (index: number, length: number): Uint8Array => new Uint8Array(length).fill(index);

function expectNumbered(received: readonly Buffer[], lengths: readonly number[]): void {
  expect(received.map((message) => message.byteLength)).toEqual(lengths);
  received.forEach((message, index) => {
    expect(message.every((byte) => byte === index % 256)).toBe(true);
  });
}

describe('writing prebuilt frames under a ws WebSocket', () => {
  it('writes to the very socket the upgrade handed to ws', async () => {
    const { server, upgraded } = await connect();
    expect(prebuiltFrameSocket(server)).toBe(upgraded);
  });

  it('delivers every message intact and in order, between the frames ws writes itself', async () => {
    const { server, client, received, pongs } = await connect();
    const tcp = prebuiltFrameSocket(server);
    // Each header form: 7-bit, 16-bit and 64-bit lengths.
    const lengths = [0, 5, 125, 126, 65_535, 65_536, 200_000, 3];
    writePrebuilt(tcp, SharedFrames.syncAll([numbered(0, lengths[0]!), numbered(1, lengths[1]!)]));
    server.ping();
    server.send(numbered(2, lengths[2]!));
    writePrebuilt(tcp, SharedFrames.sync(numbered(3, lengths[3]!)));
    server.send(numbered(4, lengths[4]!));
    server.ping();
    writePrebuilt(tcp, SharedFrames.syncAll([numbered(5, lengths[5]!), numbered(6, lengths[6]!)]));
    server.send(numbered(7, lengths[7]!));
    await expect.poll(() => received.length).toBe(lengths.length);
    expectNumbered(received, lengths);
    await expect.poll(pongs).toBe(2);
    expect(client.readyState).toBe(WebSocket.OPEN);
  });

  it('keeps order and content through backpressure, and the close handshake after it', async () => {
    const { server, client, received } = await connect();
    const tcp = prebuiltFrameSocket(server);
    client.pause();
    const big = 1 << 20;
    const lengths: number[] = [];
    // 48 MiB to a reader that reads nothing: more than loopback buffers take, so it queues.
    for (let index = 0; index < 48; index++) {
      lengths.push(big);
      if (index % 8 === 7) server.send(numbered(index, big));
      else writePrebuilt(tcp, SharedFrames.sync(numbered(index, big)));
    }
    expect(tcp.writableLength).toBeGreaterThan(0);
    expect(server.bufferedAmount).toBeGreaterThan(0);
    const closed = new Promise<number>((resolve) => client.once('close', resolve));
    server.close(1000, 'done');
    client.resume();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(lengths.length);
    expectNumbered(received, lengths);
    expect(await closed).toBe(1000);
  });

  it('refuses a WebSocket with an extension, whose frames ws may hold back while compressing', async () => {
    const { server } = await connect(true);
    expect(server.extensions).toContain('permessage-deflate');
    expect(() => prebuiltFrameSocket(server)).toThrow(/without extensions/);
  });
});
