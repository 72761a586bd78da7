/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill` option: the browser's own, with every
 * binary frame y-websocket sends going through an Outbox (outbox.ts), which cuts big updates
 * into pieces the relay takes and paces them. Everything else about the socket is untouched.
 */
import { Outbox, type OutboxOptions } from './outbox.ts';

export function pacedSocketClass(options: OutboxOptions): typeof WebSocket {
  return class PacedSocket extends WebSocket {
    readonly #outbox: Outbox;

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const transmit = (frame: Uint8Array<ArrayBuffer>) => super.send(frame);
      const isOpen = () => this.readyState === WebSocket.OPEN;
      this.#outbox = new Outbox(
        {
          transmit,
          get open() {
            return isOpen();
          },
        },
        options,
      );
      this.addEventListener('close', () => this.#outbox.close());
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      if (isBytes(data)) this.#outbox.send(data);
      else super.send(data);
    }
  };
}

/** y-websocket sends every message as a Uint8Array over an ordinary ArrayBuffer. */
function isBytes(data: unknown): data is Uint8Array<ArrayBuffer> {
  return data instanceof Uint8Array && data.buffer instanceof ArrayBuffer;
}
