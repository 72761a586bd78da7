import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { decodeClientMessage } from '../protocol/messages.ts';
import type { StockClient } from './clients.ts';

/**
 * A stock y-websocket client that also keeps, in `echoed`, every update the relay has sent it:
 * the relay sends an update (the writer's own echo included) only once it is stored, so
 * `echoed` is what this writer has seen acknowledged. A failover test holds the relays to it:
 * whatever was in there before a crash must be in the room after.
 */
export interface RecordingClient extends StockClient {
  readonly echoed: Y.Doc;
}

export function recordingClient(wsUrl: string, room: string): RecordingClient {
  const doc = new Y.Doc();
  const echoed = new Y.Doc();
  const record = (data: unknown) => {
    const frame = bytesOf(data);
    if (!frame) return;
    // Frames from the relay use the client's wire format; one that does not decode is not ours
    // to judge here (the relay's own tests do).
    let message;
    try {
      message = decodeClientMessage(frame);
    } catch {
      return;
    }
    if (message.type === 'sync-step2' || message.type === 'sync-update') {
      Y.applyUpdate(echoed, message.update);
    }
  };
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event) => record(event.data));
    }
  }
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    // y-websocket types its polyfill as the DOM WebSocket constructor; ws implements that API.
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    echoed,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
      echoed.destroy();
    },
  };
}

function bytesOf(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return null;
}
