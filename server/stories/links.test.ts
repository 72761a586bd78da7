/**
 * View and edit links in the open mode, from outside: the link API over HTTP, stock y-websocket
 * clients opening `ws://HOST:PORT/ws/link` with a link id as their room, and raw sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { RawSocket } from '../test-support/raw-socket.ts';
import { closeOf, metricValue, strokesOf } from '../test-support/relay-harness.ts';
import { api as callApi } from '../test-support/api.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

const ROOM = 'quarterly-plan';

let server: TestServer | undefined;
const dirs: string[] = [];
const clients: StockClient[] = [];
const raws: RawSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const raw of raws.splice(0)) raw.ws.terminate();
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function start(dataDir?: string): Promise<TestServer> {
  server = await startTestServer({}, undefined, dataDir);
  if (!dirs.includes(server.dataDir)) dirs.push(server.dataDir);
  return server;
}

/** The relay's HTTP API on the running test server (test-support/api.ts). */
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(server!.url, method, path, body, headers);

interface Made {
  readonly id: string;
  readonly access: string;
  readonly url: string;
  readonly expiresAt: string | null;
}

async function makeLink(access: 'view' | 'edit', extra: object = {}, room = ROOM): Promise<Made> {
  const answer = await api('POST', `/api/rooms/${room}/links`, { access, ...extra });
  expect(answer.status).toBe(201);
  return answer.body as Made;
}

function editor(): StockClient {
  const client = stockClient(server!.wsUrl, ROOM);
  clients.push(client);
  return client;
}

/** A stock client opening a link, exactly as the contract says: `/ws/link` and the id. */
function throughLink(id: string): StockClient {
  const client = stockClient(`${server!.wsUrl}/link`, id);
  clients.push(client);
  return client;
}

function rawThroughLink(id: string): RawSocket {
  const raw = new RawSocket(`${server!.wsUrl}/link/${id}`);
  raws.push(raw);
  return raw;
}

describe('the link API', () => {
  it('makes view and edit links whose URL never names the room, and lists them for editors', async () => {
    await start();
    const view = await makeLink('view');
    expect(view).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      access: 'view',
      url: `${server!.url}/l#${view.id}`,
      expiresAt: null,
    });
    expect(view.url).not.toContain(ROOM);
    const before = Date.now();
    const edit = await makeLink('edit', { expiresIn: 3600 });
    expect(edit.access).toBe('edit');
    const expires = Date.parse(edit.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1000);
    expect(edit.id).not.toBe(view.id);

    const viewer = throughLink(view.id);
    await waitFor(() => viewer.provider.synced, 'the viewer synced');
    const listed = await api('GET', `/api/rooms/${ROOM}/links`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { id: view.id, access: 'view', created: expect.any(String), expires: null, connections: 1 },
      {
        id: edit.id,
        access: 'edit',
        created: expect.any(String),
        expires: edit.expiresAt,
        connections: 0,
      },
    ]);
    expect((await api('GET', `/api/rooms/another-room/links`)).body).toEqual([]);

    // A request carrying a link is judged by it: an edit link of the room is an editor.
    const asEditor = { authorization: `Bearer ${edit.id}` };
    expect((await api('GET', `/api/rooms/${ROOM}/links`, undefined, asEditor)).status).toBe(200);
    const asViewer = { authorization: `Bearer ${view.id}` };
    const refused = await api('GET', `/api/rooms/${ROOM}/links`, undefined, asViewer);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(
      (await api('POST', `/api/rooms/${ROOM}/links`, { access: 'edit' }, asViewer)).status,
    ).toBe(403);
    const elsewhere = await api('GET', `/api/rooms/another-room/links`, undefined, asEditor);
    expect(elsewhere.status).toBe(403);
    const unknown = await api('GET', `/api/rooms/${ROOM}/links`, undefined, {
      authorization: 'Bearer not-a-link',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['no access', {}, 400],
    ['an access that is neither', { access: 'admin' }, 400],
    ['an expiry of zero', { access: 'view', expiresIn: 0 }, 400],
    ['an expiry that is no integer', { access: 'view', expiresIn: '60' }, 400],
    ['a property it does not know', { access: 'view', room: 'other' }, 400],
    ['JSON that is not an object', '"view"', 400],
    ['broken JSON', '{"access":', 400],
  ])('refuses a body with %s, as JSON', async (_what, body, status) => {
    await start();
    const answer = await api('POST', `/api/rooms/${ROOM}/links`, body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status, message: expect.any(String) });
    expect((await api('GET', `/api/rooms/${ROOM}/links`)).body).toEqual([]);
  });

  it('refuses a bad room name (400), a body that is not JSON (415), an unknown link (404)', async () => {
    await start();
    expect((await api('POST', '/api/rooms/a.b/links', { access: 'view' })).status).toBe(400);
    expect((await api('GET', `/api/rooms/${'x'.repeat(65)}/links`)).status).toBe(400);
    const text = await fetch(`${server!.url}/api/rooms/${ROOM}/links`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'access=view',
    });
    expect(text.status).toBe(415);
    expect((await api('DELETE', `/api/rooms/${ROOM}/links/${'A'.repeat(22)}`)).status).toBe(404);
    expect((await api('DELETE', `/api/rooms/${ROOM}/links/not-a-link`)).status).toBe(404);
    const other = await makeLink('view', {}, 'other-room');
    // A link is revoked through its own room only.
    expect((await api('DELETE', `/api/rooms/${ROOM}/links/${other.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/rooms/other-room/links/${other.id}`)).status).toBe(204);
  });
});

describe('a view link', () => {
  it('syncs the room live and cannot write: the editor never sees its change, nor does storage after a restart', async () => {
    await start();
    const alice = editor();
    await waitFor(() => alice.provider.synced, 'alice synced');
    alice.doc.getArray('strokes').push(['a1']);
    const view = await makeLink('view');

    const viewer = throughLink(view.id);
    await waitFor(() => strokesOf(viewer.doc).includes('a1'), 'the viewer gets the room');
    alice.doc.getArray('strokes').push(['a2']);
    await waitFor(() => strokesOf(viewer.doc).includes('a2'), 'the viewer sees alice draw live');
    const closes: number[] = [];
    viewer.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));

    viewer.doc.getArray('strokes').push(['from the viewer']);
    await expect
      .poll(() => metricValue(server!, 'relay_messages_dropped_total', { capability: 'doc:write' }))
      .toBe(1);
    alice.doc.getArray('strokes').push(['a3']);
    await waitFor(() => strokesOf(viewer.doc).includes('a3'), 'the viewer sees a3');
    expect(strokesOf(alice.doc)).toEqual(['a1', 'a2', 'a3']);
    expect(closes, 'the viewer stays connected').toEqual([]);
    expect(viewer.provider.wsconnected).toBe(true);

    const dataDir = server!.dataDir;
    for (const client of clients.splice(0)) client.destroy();
    await server!.close();
    await start(dataDir);
    const later = editor();
    await waitFor(() => later.provider.synced, 'an editor synced after the restart');
    expect(strokesOf(later.doc)).toEqual(['a1', 'a2', 'a3']);
    // The link outlived the restart too.
    const again = throughLink(view.id);
    await waitFor(() => strokesOf(again.doc).length === 3, 'the link opens the room again');
  });
});

describe('an edit link', () => {
  it('writes to its room like the room name does', async () => {
    await start();
    const alice = editor();
    await waitFor(() => alice.provider.synced, 'alice synced');
    const edit = await makeLink('edit');
    const bob = throughLink(edit.id);
    await waitFor(() => bob.provider.synced, 'bob synced through the link');
    bob.doc.getArray('strokes').push(['b1']);
    await waitFor(() => strokesOf(alice.doc).includes('b1'), 'alice sees what bob drew');
  });
});

describe('revoking a link', () => {
  it('closes every connection opened with it with 4403 within 2 s, and refuses new ones', async () => {
    await start();
    const alice = editor();
    await waitFor(() => alice.provider.synced, 'alice synced');
    const view = await makeLink('view');
    const kept = await makeLink('view');
    const first = rawThroughLink(view.id);
    const second = rawThroughLink(view.id);
    const other = rawThroughLink(kept.id);
    await Promise.all([first.opened, second.opened, other.opened]);
    // Connected for real: each got the room's step 1.
    await waitFor(
      () => [first, second, other].every((raw) => raw.received.length > 0),
      'all three hear the room',
    );
    const listed = await api('GET', `/api/rooms/${ROOM}/links`);
    expect(listed.body).toContainEqual(expect.objectContaining({ id: view.id, connections: 2 }));

    const revoked = await api('DELETE', `/api/rooms/${ROOM}/links/${view.id}`);
    expect(revoked.status).toBe(204);
    expect(revoked.body).toBeNull();
    const revokedClose = { code: 4403, reason: CloseReason.linkRevoked.reason };
    expect(await closeOf(first, 2000)).toEqual(revokedClose);
    expect(await closeOf(second, 2000)).toEqual(revokedClose);

    const later = rawThroughLink(view.id);
    expect(await closeOf(later)).toEqual(revokedClose);
    expect(later.received).toEqual([]);
    // Other links and the room itself go on.
    expect(other.ws.readyState).toBe(other.ws.OPEN);
    expect(alice.provider.wsconnected).toBe(true);
    expect((await api('GET', `/api/rooms/${ROOM}/links`)).body).toEqual([
      expect.objectContaining({ id: kept.id }),
    ]);
    // The page a link opens learns what it grants, and that a revoked one is gone.
    const keptInfo = await api('GET', `/api/links/${kept.id}`);
    expect(keptInfo.status).toBe(200);
    expect(keptInfo.body).toEqual({ access: 'view' }); // never the room's name

    expect((await api('GET', `/api/links/${view.id}`)).status).toBe(410);
    // An edit link's page is told its room, so that it can share the board further.
    const edit = await api('POST', `/api/rooms/${ROOM}/links`, { access: 'edit' });
    const editId = (edit.body as { id: string }).id;
    expect((await api('GET', `/api/links/${editId}`)).body).toEqual({ access: 'edit', room: ROOM });
    expect((await api('GET', `/api/links/${'A'.repeat(22)}`)).status).toBe(404);
    expect((await api('GET', `/api/links/not-a-link`)).status).toBe(404);
    // Revoking again is no error; the link stays revoked.
    expect((await api('DELETE', `/api/rooms/${ROOM}/links/${view.id}`)).status).toBe(204);
  });
});

describe('opening a link that opens nothing', () => {
  it('closes an unknown link, or an id that is no link at all, with 4401 after the upgrade', async () => {
    await start();
    const unknown = { code: 4401, reason: CloseReason.linkUnknown.reason };
    for (const id of ['A'.repeat(22), 'short', 'x'.repeat(300), '%00']) {
      const raw = rawThroughLink(id);
      await raw.opened;
      expect(await closeOf(raw), id).toEqual(unknown);
      expect(raw.received).toEqual([]);
    }
  });

  it('closes an expired link with 4403, including one already open when it expires', async () => {
    await start();
    const view = await makeLink('view', { expiresIn: 1 });
    const open = rawThroughLink(view.id);
    // Opened before or after the second ran out: either way it ends with 4403.
    expect((await within10s(open.closed)).code).toBe(4403);
    const later = rawThroughLink(view.id);
    expect(await closeOf(later)).toEqual({ code: 4403, reason: CloseReason.linkExpired.reason });
    expect((await api('GET', `/api/rooms/${ROOM}/links`)).body).toEqual([]);
  });
});

describe('a room named link', () => {
  it('is still a room: /ws/link has one segment, /ws/link/<id> two', async () => {
    await start();
    const a = stockClient(server!.wsUrl, 'link');
    const b = stockClient(server!.wsUrl, 'link');
    clients.push(a, b);
    await waitFor(() => a.provider.synced && b.provider.synced, 'both synced in room "link"');
    a.doc.getArray('strokes').push(['hello']);
    await waitFor(() => strokesOf(b.doc).includes('hello'), 'b sees it');
  });
});

const within10s = <T>(promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error('no close within 10 s')), 10_000),
    ),
  ]);
