/**
 * Authorship of document changes (issue 11): a Yjs client id belongs to the identity that first
 * wrote under it. Stock y-websocket clients, a real server and its LevelDB; identities come from
 * the test-only query policy (test-support/identity-policy.ts), standing in for tokens and device
 * keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseReason } from '../protocol/close-reasons.ts';
import { encodeSyncUpdate } from '../protocol/messages.ts';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { identityFromQuery } from '../test-support/identity-policy.ts';
import { RawSocket } from '../test-support/raw-socket.ts';
import { metricValue, strokesOf } from '../test-support/relay-harness.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

const ROOM = 'authorship';

let server: TestServer | null = null;
let dataDir: string | null = null;
const clients: StockClient[] = [];
afterEach(async () => {
  const dir = dataDir;
  const running = server;
  dataDir = null;
  server = null;
  for (const client of clients.splice(0)) client.destroy();
  await running?.close();
  if (dir) await removeDir(dir);
});

async function start(): Promise<TestServer> {
  server = await startTestServer({}, undefined, dataDir ?? undefined, identityFromQuery());
  dataDir = server.dataDir;
  return server;
}

async function restart(): Promise<TestServer> {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  return start();
}

/** A stock client speaking as `as` (no `as`: anonymous), synced. */
async function person(as?: string, doc = new Y.Doc()): Promise<StockClient> {
  const client = stockClient(server!.wsUrl, ROOM, doc, as ? { params: { as } } : {});
  clients.push(client);
  await waitFor(() => client.provider.synced, `${as ?? 'anonymous'} synced`);
  return client;
}

/** The close codes a stock client's connections ended with. */
function closesOf(client: StockClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
  return codes;
}

/**
 * A forger's document: a copy of what `victim` holds, writing `stroke` under the victim's client
 * id. (A stock client that syncs first would notice the id in use and draw a fresh one.)
 */
function forgedAs(victim: Y.Doc, stroke: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(victim));
  doc.clientID = victim.clientID;
  doc.getArray('strokes').push([stroke]);
  return doc;
}

/** A stock client for `as` with `doc`, and the close codes its connections end with. */
function connectWith(as: string, doc: Y.Doc): { client: StockClient; closes: number[] } {
  const client = stockClient(server!.wsUrl, ROOM, doc, { params: { as } });
  clients.push(client);
  return { client, closes: closesOf(client) };
}

describe('authorship of client ids', () => {
  it("refuses Mallory writing under Alice's id while she is offline; Alice's offline strokes sync and stay", async () => {
    await start();
    const alice = await person('alice');
    const bob = await person('bob');
    alice.doc.getArray('strokes').push(['a1']);
    await waitFor(() => strokesOf(bob.doc).includes('a1'), 'Bob sees a1');
    alice.provider.disconnect();
    alice.doc.getArray('strokes').push(['a2 drawn offline']);

    const { client: mallory, closes: malloryCloses } = connectWith(
      'mallory',
      forgedAs(alice.doc, 'forged'),
    );
    await waitFor(() => malloryCloses.length > 0, 'Mallory is closed');
    // Its reconnects would send the forged stroke again, and be refused again.
    mallory.provider.disconnect();
    expect(malloryCloses[0]).toBe(CloseReason.clientOwned.code);

    alice.provider.connect();
    await waitFor(() => strokesOf(bob.doc).includes('a2 drawn offline'), 'Bob gets a2');
    expect(strokesOf(bob.doc)).toEqual(['a1', 'a2 drawn offline']);
    expect(strokesOf(alice.doc)).toEqual(['a1', 'a2 drawn offline']);
    expect(await metricValue(server!, 'relay_author_refusals_total', { sender: 'identity' })).toBe(
      malloryCloses.length,
    );
    const carol = await person('carol');
    expect(strokesOf(carol.doc)).toEqual(['a1', 'a2 drawn offline']);
  });

  it('keeps the bindings across a restart (LevelDB)', async () => {
    await start();
    const alice = await person('alice');
    alice.doc.getArray('strokes').push(['a1']);
    const witness = await person('bob');
    await waitFor(() => strokesOf(witness.doc).includes('a1'), 'a1 stored');
    const forged = forgedAs(alice.doc, 'forged after restart');
    await restart();
    const { client: mallory, closes } = connectWith('mallory', forged);
    await waitFor(() => closes.length > 0, 'Mallory is closed');
    mallory.provider.disconnect();
    expect(closes[0]).toBe(CloseReason.clientOwned.code);
    const bob = await person('bob');
    expect(strokesOf(bob.doc)).toEqual(['a1']);
  });

  it("refuses an anonymous connection extending an identity's id, and lets it write under its own", async () => {
    await start();
    const alice = await person('alice');
    alice.doc.getArray('strokes').push(['a1']);
    const bob = await person('bob');
    await waitFor(() => strokesOf(bob.doc).includes('a1'), 'Bob sees a1');

    const anonymous = await person();
    anonymous.doc.getArray('strokes').push(['own stroke']);
    await waitFor(() => strokesOf(bob.doc).includes('own stroke'), 'Bob sees the own stroke');

    // A raw socket sends exactly one forged update: Alice's next clock.
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(alice.doc));
    const before = Y.encodeStateVector(forger);
    forger.clientID = alice.doc.clientID;
    forger.getArray('strokes').push(['forged']);
    const raw = await RawSocket.open(`${server!.wsUrl}/${ROOM}`);
    raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forger, before)));
    expect((await raw.closed).code).toBe(CloseReason.clientOwned.code);
    expect(await metricValue(server!, 'relay_author_refusals_total', { sender: 'anonymous' })).toBe(
      1,
    );
    alice.doc.getArray('strokes').push(['a2']);
    await waitFor(() => strokesOf(bob.doc).includes('a2'), 'Bob sees a2');
    expect(strokesOf(bob.doc)).not.toContain('forged');
  });

  it("accepts re-sent structs the room holds (everyone's), and deletions of others' strokes", async () => {
    await start();
    const alice = await person('alice');
    const bob = await person('bob');
    alice.doc.getArray('strokes').push(['a1', 'a2']);
    await waitFor(() => strokesOf(bob.doc).length === 2, 'Bob has both');
    const bobCloses = closesOf(bob);
    // Bob's whole document, Alice's structs included, sent again as a catch-up would.
    const raw = await RawSocket.open(`${server!.wsUrl}/${ROOM}?as=bob`);
    raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(bob.doc)));
    bob.doc.getArray('strokes').delete(0, 1);
    await waitFor(() => strokesOf(alice.doc).length === 1, "Alice sees Bob's deletion");
    expect(strokesOf(alice.doc)).toEqual(['a2']);
    expect(bobCloses).toEqual([]);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
  });
});
