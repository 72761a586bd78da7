import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * Attackers connect from 127.0.0.2, bystanders from 127.0.0.1: a relay that budgets per client
 * address can tell them apart on loopback as it would on a network.
 */
export const ATTACKER_ADDRESS = '127.0.0.2';

/** What an attacker learned: the first HTTP status or close code the server gave it. */
export interface Outcome {
  answer: string;
}

/** A raw WebSocket from the attacker's address, counting what it receives. */
export class AttackerSocket {
  readonly ws: WebSocket;
  received = 0;
  sent = 0;
  answer: string | null = null;
  readonly opened: Promise<boolean>;
  readonly closed: Promise<void>;

  constructor(url: string, { read = true } = {}) {
    this.ws = new WebSocket(url, { localAddress: ATTACKER_ADDRESS, perMessageDeflate: false });
    this.ws.on('message', (data: Buffer) => (this.received += data.byteLength));
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => {
        if (!read) tcpOf(this.ws).pause();
        resolve(true);
      });
      this.ws.once('unexpected-response', (_req, res) => {
        this.answer ??= `HTTP ${res.statusCode}`;
        resolve(false);
        this.ws.terminate();
      });
      this.ws.once('error', () => resolve(false));
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code) => {
        this.answer ??= `close ${code}`;
        resolve();
      }),
    );
    this.ws.on('error', () => undefined);
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(frame);
    this.sent += frame.byteLength;
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export function tcpOf(ws: WebSocket): Socket {
  // ws keeps its TCP socket private; the bench reaches it to stop reading, as a stalled client does.
  return (ws as unknown as { _socket: Socket })._socket;
}

/** Raw bytes over TCP from the attacker's address; resolves with the status line's code, or 'no answer'. */
export function rawRequest(port: number, request: string, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: ATTACKER_ADDRESS });
    let text = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve(status ? `HTTP ${status}` : 'no answer');
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(request);
  });
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
