/**
 * A change the relay refuses for authorship (4409: it writes under a Yjs client id another
 * identity wrote first) is never reported as saved. The relay is the real one (a server on port
 * 0 with LevelDB, identities from the test-only query policy); the page side is the app's own
 * pieces, fed as connection.svelte.ts feeds them: ServerKnowledge hears every frame the socket
 * receives, RefusalWatch hears the close, and saveStateOf / pendingChanges / describeSave say
 * what the badge shows.
 */
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseReason } from '../../../protocol/close-reasons.ts';
import { stockClient, waitFor, type StockClient } from '../../../server/test-support/clients.ts';
import { identityFromQuery } from '../../../server/test-support/identity-policy.ts';
import {
  removeDir,
  startTestServer,
  type TestServer,
} from '../../../server/test-support/server.ts';
import { listStrokes } from '../model/strokes.ts';
import { drawStroke, line } from '../model/test-support/drawing.ts';
import { pendingChanges } from './pending-changes.ts';
import { RefusalWatch } from './refusal.ts';
import { describeSave, saveStateOf } from './save-state.ts';
import { ServerKnowledge } from './server-knowledge.ts';

const ROOM = 'authorship-refusal';
const SHARED_ID = 0x5eed;

let server: TestServer | null = null;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) step();
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = null;
});

/** The socket class y-websocket makes for `page`, watched as connection.svelte.ts watches it. */
function watchedSocket(page: Page) {
  return class WatchedSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      page.knowledge.connectionOpened();
      page.refusal.opened();
      this.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer) page.knowledge.receive(new Uint8Array(event.data));
      });
      this.addEventListener('close', (event) => {
        page.knowledge.connectionClosed();
        page.closes.push(event.code);
        page.refusal.closed(event.code);
      });
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      // A sync step 2 or update with content: what the app's paced socket reports as sent.
      if (data instanceof Uint8Array && data[0] === 0 && data[1] !== 0 && data.length > 4) {
        page.refusal.sentDocument();
      }
      super.send(data);
    }
  };
}

/** The page's side of one room: the app's save-indicator pieces, wired to a real socket. */
class Page {
  readonly knowledge = new ServerKnowledge();
  readonly refusal = new RefusalWatch();
  readonly closes: number[] = [];
  readonly provider: WebsocketProvider;

  constructor(
    readonly doc: Y.Doc,
    as: string,
  ) {
    this.provider = new WebsocketProvider(server!.wsUrl, ROOM, doc, {
      params: { as },
      WebSocketPolyfill: watchedSocket(this) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    cleanup.push(() => this.provider.destroy());
  }

  /** What the badge says, were the connection as good as it gets (synced). */
  get badge() {
    const pending = pendingChanges(this.doc, this.knowledge).count;
    const state = saveStateOf({
      status: 'synced',
      refused: this.refusal.refused !== null,
      confirmed: this.knowledge.confirmed,
      pending,
      unsettled: false,
    });
    return { state, pending, label: describeSave(state, pending).label };
  }
}

function person(as: string, doc = new Y.Doc()): StockClient {
  const client = stockClient(server!.wsUrl, ROOM, doc, { params: { as } });
  cleanup.push(() => client.destroy());
  return client;
}

it('reports the changes a 4409 refused as not saved, and the board as refused', async () => {
  server = await startTestServer({}, undefined, undefined, identityFromQuery());
  // Quinn's device draws first under the client id both devices will use.
  const quinnDoc = new Y.Doc();
  quinnDoc.clientID = SHARED_ID;
  const quinn = person('sub:quinn', quinnDoc);
  await waitFor(() => quinn.provider.synced, 'Quinn synced');
  drawStroke(quinnDoc, { id: 'q1', points: line(12), origin: 'quinn' });

  // Pat's device holds a copy, under the same id, and draws while offline.
  const patDoc = new Y.Doc();
  Y.applyUpdate(patDoc, Y.encodeStateAsUpdate(quinnDoc));
  patDoc.clientID = SHARED_ID;
  drawStroke(patDoc, { id: 'p1', points: line(12), origin: 'pat' });
  const witness = person('sub:witness');
  await waitFor(() => listStrokes(witness.doc).length === 1, 'the relay holds q1');

  const pat = new Page(patDoc, 'sub:pat');
  await waitFor(() => pat.closes.length > 0, "Pat's connection closes");
  pat.provider.disconnect();

  expect(pat.closes[0]).toBe(CloseReason.clientOwned.code);
  expect(pat.refusal.refused).toBe(CloseReason.clientOwned.code);
  expect(pat.badge).toEqual({
    state: 'refused',
    pending: 1,
    label: 'Not saved · the server refused a change · 1 change kept on this device',
  });
  expect(listStrokes(witness.doc).map((stroke) => stroke.id)).toEqual(['q1']);
});
