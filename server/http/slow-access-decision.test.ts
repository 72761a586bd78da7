/**
 * An access decision that takes its time (a ticket or link lookup, issue 11): the upgrade waits
 * for it with the client's seat held, reads none of the client's frames until it is in, and copes
 * with a client that leaves meanwhile or a decision that fails.
 */
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FULL_ACCESS, READ_ONLY } from '../access/access.ts';
import type { AccessDecision, AccessPolicy, LinkDecision } from '../access/access-policy.ts';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { upgradeStatus } from '../test-support/raw-socket.ts';
import { metricValue, strokesOf } from '../test-support/relay-harness.ts';
import { removeDir, type TestServer } from '../test-support/server.ts';
import { startTestServer } from '../test-support/server.ts';

const ROOM = 'waiting-room';

interface Held {
  readonly request: IncomingMessage;
  settle(decision: AccessDecision): void;
  fail(error: Error): void;
}

/** A policy whose every decision waits until the test settles it. */
class HeldDecisions implements AccessPolicy {
  readonly held: Held[] = [];

  decide(request: IncomingMessage): Promise<AccessDecision> {
    return new Promise((settle, fail) => this.held.push({ request, settle, fail }));
  }

  decideLink(): LinkDecision {
    return { ok: false, close: CloseReason.linkUnknown };
  }
}

let server: TestServer | undefined;
const sockets: Socket[] = [];
const clients: StockClient[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = undefined;
});

const HANDSHAKE =
  `GET /ws/${ROOM} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

/** One client frame (binary, masked with a zero key, which RFC 6455 allows). */
function clientFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header =
    length < 126
      ? Buffer.from([0x82, 0x80 | length])
      : Buffer.from([0x82, 0x80 | 126, length >> 8, length & 255]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

function strokeFrame(name: string): Buffer {
  const doc = new Y.Doc();
  doc.getArray('strokes').push([name]);
  return clientFrame(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
}

/** A hostile client: the handshake and a first frame in one write, not waiting for the 101. */
async function pipelining(
  port: number,
  ...frames: Buffer[]
): Promise<{ socket: Socket; answer: () => string }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let answer = '';
  socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(Buffer.concat([Buffer.from(HANDSHAKE, 'latin1'), ...frames]));
  return { socket, answer: () => answer };
}

const received = (): Promise<number> =>
  metricValue(server!, 'relay_messages_received_total', { type: 'sync-update' });

/** A stock client joins as an editor once the test settles its (nth) decision. */
async function editorJoins(policy: HeldDecisions): Promise<StockClient> {
  const asked = policy.held.length;
  const client = stockClient(server!.wsUrl, ROOM);
  clients.push(client);
  await waitFor(() => policy.held.length > asked, "the editor's decision asked for");
  policy.held[asked]!.settle({ ok: true, access: FULL_ACCESS });
  await waitFor(() => client.provider.synced, 'the editor synced');
  return client;
}

describe('an upgrade whose access decision takes its time', () => {
  it('reads none of the frames sent meanwhile, then handles them under the access granted', async () => {
    const policy = new HeldDecisions();
    server = await startTestServer({}, undefined, undefined, policy);
    const early = await pipelining(server.port, strokeFrame('early'));
    await waitFor(() => policy.held.length === 1, 'the decision asked for');
    early.socket.write(strokeFrame('later'));
    // The second frame has reached the server, where it waits unread in the socket.
    await waitFor(() => policy.held[0]!.request.socket.readableLength > 0, 'the frame arrived');
    expect(await received()).toBe(0);
    expect(server.connectionCount()).toBe(0);
    expect(server.rooms.size).toBe(0);
    expect(early.answer()).toBe('');

    policy.held[0]!.settle({ ok: true, access: FULL_ACCESS });
    await waitFor(() => early.answer().startsWith('HTTP/1.1 101'), 'the upgrade completed');
    await expect.poll(received).toBe(2);
    const editor = await editorJoins(policy);
    await waitFor(() => strokesOf(editor.doc).length === 2, 'both strokes stored');
    expect(strokesOf(editor.doc).sort()).toEqual(['early', 'later']);
  });

  it('applies a read-only decision to the very first frame', async () => {
    const policy = new HeldDecisions();
    server = await startTestServer({}, undefined, undefined, policy);
    const viewer = await pipelining(server.port, strokeFrame('early'));
    await waitFor(() => policy.held.length === 1, 'the decision asked for');
    policy.held[0]!.settle({ ok: true, access: READ_ONLY });
    await expect
      .poll(() => metricValue(server!, 'relay_messages_dropped_total', { capability: 'doc:write' }))
      .toBe(1);
    expect(viewer.answer()).toMatch(/^HTTP\/1.1 101/);

    expect(strokesOf((await editorJoins(policy)).doc)).toEqual([]);
  });

  it('lets go of a client that leaves while it waits, and of its seat, without a crash', async () => {
    const policy = new HeldDecisions();
    // One connection per address: a seat kept by a leaver would refuse the next one with 429.
    server = await startTestServer({ MAX_CONNECTIONS_PER_IP: '1' }, undefined, undefined, policy);

    // Reset: the server sees its socket fail while the decision waits.
    const reset = await pipelining(server.port, strokeFrame('gone'));
    await waitFor(() => policy.held.length === 1, 'the first decision asked for');
    const resetSide = policy.held[0]!.request.socket;
    reset.socket.resetAndDestroy();
    await waitFor(() => resetSide.destroyed, 'the server saw the reset');
    policy.held[0]!.settle({ ok: true, access: FULL_ACCESS });

    // Closed politely: the server, reading nothing yet, learns it once ws takes the socket.
    const closer = await pipelining(server.port);
    await waitFor(() => policy.held.length === 2, 'the second decision asked for');
    await new Promise<void>((resolve) => closer.socket.end(resolve));
    policy.held[1]!.settle({ ok: true, access: FULL_ACCESS });
    await expect
      .poll(() =>
        metricValue(server!, 'relay_connections_closed_total', { reason: 'client_closed' }),
      )
      .toBe(1);

    const editor = await editorJoins(policy);
    expect(strokesOf(editor.doc)).toEqual([]);
    expect(server.connectionCount()).toBe(1);
    expect(await received()).toBe(0);
    expect(await metricValue(server, 'relay_errors_total', { kind: 'upgrade' })).toBe(0);
  });

  it('answers a refusal with its status and a failed decision with 500, and serves on', async () => {
    const policy = new HeldDecisions();
    server = await startTestServer({ MAX_CONNECTIONS_PER_IP: '1' }, undefined, undefined, policy);
    const refused = upgradeStatus(`${server.wsUrl}/${ROOM}`);
    await waitFor(() => policy.held.length === 1, 'the first decision asked for');
    policy.held[0]!.settle({ ok: false, status: 403, message: 'not for you' });
    expect(await refused).toBe(403);

    const failed = upgradeStatus(`${server.wsUrl}/${ROOM}`);
    await waitFor(() => policy.held.length === 2, 'the second decision asked for');
    policy.held[1]!.fail(new Error('ticket store unreachable'));
    expect(await failed).toBe(500);
    expect(await metricValue(server, 'relay_errors_total', { kind: 'upgrade' })).toBe(1);

    // Neither kept its seat.
    await editorJoins(policy);
  });
});
