/**
 * A viewer: a connection admitted without doc:write or presence:write. It gets the room and
 * everyone's changes live, and nothing it sends changes the room or anyone's view of it; its
 * socket stays open (see message-gate.ts for why a close would not do).
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { awarenessFrame } from '../test-support/frames.ts';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { RawSocket } from '../test-support/raw-socket.ts';
import { metricValue, strokesOf } from '../test-support/relay-harness.ts';
import { removeDir, type TestServer } from '../test-support/server.ts';
import { startTestServer } from '../test-support/server.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { FULL_ACCESS, READ_ONLY } from './access.ts';
import type { AccessPolicy } from './access-policy.ts';

const ROOM = 'gallery';

/** Whoever asks with `?view` reads only; everyone else edits. */
const viewLinks: AccessPolicy = {
  decide: (request) => ({
    ok: true,
    access: new URL(request.url ?? '/', 'http://x').searchParams.has('view')
      ? READ_ONLY
      : FULL_ACCESS,
  }),
  decideLink: () => ({ ok: false, close: CloseReason.linkUnknown }),
};

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  vi.restoreAllMocks();
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = undefined;
});

function editor(name: string): StockClient {
  const client = stockClient(server!.wsUrl, ROOM);
  client.provider.awareness.setLocalStateField('name', name);
  clients.push(client);
  return client;
}

/** The stock client as a view link would open it: same code, `?view` in its URL. */
function viewer(): StockClient & { drops: number[] } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server!.wsUrl, ROOM, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { view: '' },
  });
  provider.awareness.setLocalStateField('name', 'viewer');
  const drops: number[] = [];
  provider.on('connection-close', (event) => drops.push(event?.code ?? -1));
  const client = {
    doc,
    provider,
    drops,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  clients.push(client);
  return client;
}

const dropped = (capability: string): Promise<number> =>
  metricValue(server!, 'relay_messages_dropped_total', { capability });

describe('a read-only connection', () => {
  it('gets the room and every change live; its own changes and cursor reach nobody, not even storage', async () => {
    server = await startTestServer({}, undefined, undefined, viewLinks);
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const alice = editor('alice');
    await waitFor(() => alice.provider.synced, 'alice synced');
    alice.doc.getArray('strokes').push(['a1']);

    const view = viewer();
    await waitFor(() => view.provider.synced, 'the viewer synced');
    await waitFor(() => strokesOf(view.doc).includes('a1'), 'the viewer sees what was there');
    alice.doc.getArray('strokes').push(['a2']);
    await waitFor(() => strokesOf(view.doc).includes('a2'), 'the viewer sees alice draw live');
    await waitFor(
      () => view.provider.awareness.getStates().has(alice.doc.clientID),
      "the viewer sees alice's cursor",
    );

    view.doc.getArray('strokes').push(['v1']);
    await expect.poll(() => dropped('doc:write')).toBe(1);
    // Told once per capability, in the y-protocols way: the stock client logs it and carries on.
    await expect
      .poll(() => warnings.mock.calls.some(([text]) => String(text).includes('read-only')))
      .toBe(true);
    await expect.poll(() => dropped('presence:write')).toBeGreaterThan(0);

    // What alice draws after the viewer's change was dropped still reaches everyone.
    alice.doc.getArray('strokes').push(['a3']);
    await waitFor(() => strokesOf(view.doc).includes('a3'), 'the viewer sees a3');
    const bob = editor('bob');
    await waitFor(() => bob.provider.synced && strokesOf(bob.doc).includes('a3'), 'bob synced');
    expect(strokesOf(alice.doc)).toEqual(['a1', 'a2', 'a3']);
    expect(strokesOf(bob.doc)).toEqual(['a1', 'a2', 'a3']);
    await waitFor(
      () => bob.provider.awareness.getStates().has(alice.doc.clientID),
      "bob sees alice's cursor",
    );
    for (const editorClient of [alice, bob]) {
      expect(editorClient.provider.awareness.getStates().has(view.doc.clientID)).toBe(false);
    }
    expect(view.drops, 'the viewer was never disconnected').toEqual([]);
    expect(view.provider.wsconnected).toBe(true);

    // Storage holds only what editors drew.
    for (const client of clients.splice(0)) client.destroy();
    await waitFor(() => server!.rooms.size === 0, 'the room unloaded');
    const later = editor('carol');
    await waitFor(() => later.provider.synced, 'carol synced');
    expect(strokesOf(later.doc)).toEqual(['a1', 'a2', 'a3']);
  });

  it('is told once, and has its presence echoed to it alone, which keeps a quiet connection alive', async () => {
    server = await startTestServer({}, undefined, undefined, viewLinks);
    const raw = await RawSocket.open(`${server.wsUrl}/${ROOM}?view`);
    await waitFor(() => raw.received.length >= 1, "the room's step 1");
    const stroke = new Y.Doc();
    stroke.getArray('strokes').push(['v']);
    const update = encodeSyncUpdate(Y.encodeStateAsUpdate(stroke));
    const awareness = awarenessFrame([[new Y.Doc().clientID, JSON.stringify({ name: 'viewer' })]]);
    raw.ws.send(update);
    raw.ws.send(update);
    raw.ws.send(awareness);
    raw.ws.send(awareness);
    await expect.poll(() => dropped('presence:write')).toBe(2);
    await waitFor(() => raw.received.length >= 5, 'two notices and two echoes');
    const [, writeNotice, presenceNotice, ...echoes] = raw.received;
    expect(reasonOf(writeNotice!)).toMatch(/read-only/);
    expect(reasonOf(presenceNotice!)).toMatch(/presence/);
    expect(echoes).toEqual([awareness, awareness]);
    expect(await dropped('doc:write')).toBe(2);
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
    raw.ws.close();
    await raw.closed;
  });
});

/** The reason in a y-protocols permission-denied message: 2, 0, varString. */
function reasonOf(message: Uint8Array): string {
  const decoder = decoding.createDecoder(message);
  expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([2, 0]);
  return decoding.readVarString(decoder);
}
