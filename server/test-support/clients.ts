import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

export interface StockClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

/**
 * The unmodified y-websocket client, as browsers use it, over Node's ws. `ca`: certificates a
 * wss:// client trusts besides the system's (a self-signed one, in tests). `params`: the query
 * string the client sends on every (re)connect, as y-websocket's own option.
 */
export function stockClient(
  wsUrl: string,
  room: string,
  doc = new Y.Doc(),
  {
    ca,
    params,
  }: { readonly ca?: readonly string[]; readonly params?: Record<string, string> } = {},
): StockClient {
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    ...(params ? { params } : {}),
    // y-websocket types its polyfill as the DOM WebSocket constructor; ws implements that API.
    WebSocketPolyfill: (ca ? trusting(ca) : WebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** ws with TLS options: y-websocket constructs its socket with (url, protocols) only. */
function trusting(ca: readonly string[]) {
  return class TrustingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca: [...ca] });
    }
  };
}

/** Polls until `check` holds, or fails with `what` after `timeoutMs`. No fixed sleeps. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const synced = (client: StockClient) => () => client.provider.synced;
