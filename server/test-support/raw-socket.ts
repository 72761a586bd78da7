import WebSocket from 'ws';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A bare ws client for sending hand-made frames; collects what the server sends. */
export class RawSocket {
  readonly ws: WebSocket;
  readonly received: Uint8Array[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer) => this.received.push(new Uint8Array(data)));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`HTTP ${res.statusCode}`)),
      );
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    // Errors after opening (e.g. a server that cuts us off) surface through `closed`.
    this.ws.on('error', () => undefined);
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
    const socket = new RawSocket(url, options);
    await socket.opened;
    return socket;
  }
}

/** The HTTP status a refused upgrade answers with. */
export async function upgradeStatus(url: string): Promise<number> {
  return (await upgradeRefusal(url)).status;
}

export interface Refusal {
  readonly status: number;
  /** The Retry-After header, if the answer had one. */
  readonly retryAfter: string | undefined;
}

/** How an upgrade is refused (rejects if it is accepted); `options` can set headers. */
export function upgradeRefusal(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('unexpected-response', (_req, res) => {
      const retryAfter = res.headers['retry-after'];
      resolve({ status: res.statusCode ?? 0, retryAfter });
      ws.terminate();
    });
    ws.once('open', () => {
      ws.close();
      reject(new Error('upgrade was accepted'));
    });
    ws.once('error', (error) => reject(error));
  });
}
