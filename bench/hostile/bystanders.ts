import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

/**
 * Two honest users in another room: one writes a tiny change every PROBE_MS, the other times
 * how long each takes to arrive. The worst delay (or the age of a change still in flight at the
 * end) is the stall an attack caused for someone it never touched.
 */
const PROBE_MS = 50;

export class Bystanders {
  readonly #writer: { doc: Y.Doc; provider: WebsocketProvider };
  readonly #reader: { doc: Y.Doc; provider: WebsocketProvider };
  readonly #sent = new Map<number, number>();
  #next = 0;
  #worstMs = 0;
  #timer: NodeJS.Timeout | null = null;
  drops = 0;

  constructor(serverUrl: string, room: string) {
    const make = () => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(serverUrl, room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      provider.on('connection-close', () => this.drops++);
      return { doc, provider };
    };
    this.#writer = make();
    this.#reader = make();
    this.#reader.doc.getMap<number>('probe').observe(() => {
      const seq = this.#reader.doc.getMap<number>('probe').get('seq');
      if (seq === undefined) return;
      for (const [sent, at] of this.#sent) {
        if (sent > seq) continue;
        this.#worstMs = Math.max(this.#worstMs, performance.now() - at);
        this.#sent.delete(sent);
      }
    });
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(this.#writer.provider.synced && this.#reader.provider.synced)) {
      if (Date.now() > deadline) throw new Error('bystanders did not sync');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Starts a measurement window: probes go out, the worst delay so far is forgotten. */
  start(): void {
    this.#worstMs = 0;
    this.drops = 0;
    this.#timer = setInterval(() => {
      const seq = ++this.#next;
      this.#sent.set(seq, performance.now());
      this.#writer.doc.getMap<number>('probe').set('seq', seq);
    }, PROBE_MS);
  }

  /** Ends the window; a probe still in flight counts with its age so far. */
  stop(): number {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const now = performance.now();
    for (const at of this.#sent.values()) this.#worstMs = Math.max(this.#worstMs, now - at);
    this.#sent.clear();
    return this.#worstMs;
  }

  destroy(): void {
    this.stop();
    for (const { doc, provider } of [this.#writer, this.#reader]) {
      provider.destroy();
      doc.destroy();
    }
  }
}
