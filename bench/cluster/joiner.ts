import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
} from '../../server/protocol/messages.ts';

/** What a joiner saw: when its room's state arrived, and how big it was. */
export interface Joined {
  /** performance.now() when its WebSocket opened. */
  readonly openedAt: number;
  /** performance.now() when the sync step 2 answering its step 1 arrived. */
  readonly syncedAt: number;
  readonly answerBytes: number;
}

/** An empty document's update: what a stock client answers the server's step 1 with. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

function awarenessFrame(clientId: number, name: string): Uint8Array {
  return encodeAwareness(
    encoding.encode((encoder) => {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, JSON.stringify({ user: { name } }));
    }),
  );
}

/**
 * A newcomer joining a room as y-websocket 3's client does on connect (sync step 1 with an
 * empty state vector, its presence; the empty step 2 answering the server's step 1), which
 * counts the room's answer instead of applying it. 150 stock clients applying a 3.5 MB board
 * would each spend about a second of CPU and 47 MB of heap in the one bench process: that
 * would measure the bench, not the relays. A few stock clients check the content separately.
 */
export class Joiner {
  readonly #ws: WebSocket;
  readonly joined: Promise<Joined>;

  constructor(url: string, clientId: number) {
    this.#ws = new WebSocket(url);
    this.#ws.binaryType = 'nodebuffer';
    let openedAt = Number.NaN;
    this.joined = new Promise((resolve, reject) => {
      this.#ws.once('open', () => {
        openedAt = performance.now();
        this.#ws.send(encodeSyncStep1(Uint8Array.of(0)));
        this.#ws.send(awarenessFrame(clientId, `joiner ${clientId}`));
      });
      this.#ws.on('message', (data: Buffer) => {
        if (data[0] !== 0) return;
        if (data[1] === 0) this.#ws.send(encodeSyncStep2(EMPTY_UPDATE));
        else if (data[1] === 1)
          resolve({ openedAt, syncedAt: performance.now(), answerBytes: data.length });
      });
      this.#ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`joiner refused: HTTP ${response.statusCode}`)),
      );
      this.#ws.once('error', reject);
      this.#ws.once('close', (code) =>
        reject(new Error(`joiner closed with ${code} before syncing`)),
      );
    });
    // Settled either way; a rejection is read by whoever awaits `joined`.
    this.joined.catch(() => undefined);
  }

  close(): void {
    this.#ws.terminate();
  }
}
