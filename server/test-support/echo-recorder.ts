import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { decodeClientMessage } from '../protocol/messages.ts';
import type { StockClient } from './clients.ts';

/**
 * A stock y-websocket client that also keeps, in `echoed`, every update the relay has sent it,
 * as sent: the relay sends an update (the writer's own echo included) only once it is stored,
 * so `echoed` is what this writer has seen acknowledged. A failover test holds the relays to
 * it: whatever was in there before a crash must be in the room after.
 *
 * Kept as raw updates, not applied to a Y.Doc: a writer's own notes written while it was cut off
 * reach the relay in its sync step 2, which is stored but not echoed, so a doc fed with echoes
 * would hold the writer's later echoes as pending (a gap in its clock) and show none of them.
 */
export interface RecordingClient extends StockClient {
  readonly echoed: readonly Uint8Array[];
  /** Every value pushed into any array (Y.Array.push's items) in `echoed`, decoded on arrival. */
  readonly echoedValues: ReadonlySet<unknown>;
}

function addPushedValues(update: Uint8Array, into: Set<unknown>): void {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
      for (const value of struct.content.arr) into.add(value);
    }
  }
}

export function recordingClient(wsUrl: string, room: string): RecordingClient {
  const doc = new Y.Doc();
  const echoed: Uint8Array[] = [];
  const echoedValues = new Set<unknown>();
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
      echoed.push(message.update);
      addPushedValues(message.update, echoedValues);
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
    echoedValues,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

function bytesOf(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return null;
}
