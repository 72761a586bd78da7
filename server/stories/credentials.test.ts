/**
 * The credential modes from outside (issue 11): ACCESS_MODE links and token, signed tokens,
 * one-time tickets and POST /api/rooms, with stock y-websocket clients, raw sockets and fetch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseReason } from '../protocol/close-reasons.ts';
import { MemoryTicketStore } from '../tickets/memory-ticket-store.ts';
import type { TicketStore } from '../tickets/ticket-store.ts';
import { api, bearer, clientWith, ticketFor, type Answer } from '../test-support/api.ts';
import { stockClient, waitFor, type StockClient } from '../test-support/clients.ts';
import { RawSocket, type Closed } from '../test-support/raw-socket.ts';
import { closeOf, metricValue, strokesOf } from '../test-support/relay-harness.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';
import {
  confusedToken,
  newKeyPair,
  newSecret,
  signToken,
  unsignedToken,
  type Signer,
} from '../test-support/tokens.ts';

let server: TestServer | undefined;
const clients: StockClient[] = [];
const raws: RawSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const raw of raws.splice(0)) raw.ws.terminate();
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = undefined;
});

async function start(env: Record<string, string>, tickets?: TicketStore): Promise<TestServer> {
  server = await startTestServer(env, undefined, undefined, undefined, tickets ? { tickets } : {});
  return server;
}

const secret = newSecret();
const tokenMode = { ACCESS_MODE: 'token', AUTH_SECRET: secret.text };
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api(server!.url, method, path, body, headers);

function raw(path: string): RawSocket {
  const socket = new RawSocket(`${server!.wsUrl}${path}`);
  raws.push(socket);
  return socket;
}

function client(room: string, params: Record<string, string> = {}, base = server!.wsUrl) {
  const made = clientWith(base, room, params);
  clients.push(made);
  return made;
}

const closeWith = (reason: CloseReason): Closed => ({ code: reason.code, reason: reason.reason });

interface NewRoom {
  readonly room: string;
  readonly links: {
    readonly edit: { readonly id: string; readonly url: string };
    readonly view: { readonly id: string; readonly url: string };
  };
}

describe('ACCESS_MODE=links', () => {
  it('refuses a bare room name with 4401: the name is no capability', async () => {
    await start({ ACCESS_MODE: 'links' });
    const bare = raw('/some-room');
    expect(await closeOf(bare)).toEqual(closeWith(CloseReason.credentialMissing));
    expect(bare.received).toEqual([]);
  });

  it('makes a room with POST /api/rooms: its edit link syncs, its view link cannot write', async () => {
    await start({ ACCESS_MODE: 'links' });
    const made = await call('POST', '/api/rooms');
    expect(made.status).toBe(201);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const { room, links } = made.body as NewRoom;
    expect(room).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(links.edit.url).toBe(`${server!.url}/l#${links.edit.id}`);
    expect(links.view.url).not.toContain(room);

    const alice = client(links.edit.id, {}, `${server!.wsUrl}/link`);
    const viewer = client(links.view.id, {}, `${server!.wsUrl}/link`);
    await waitFor(() => alice.provider.synced && viewer.provider.synced, 'both synced');
    alice.doc.getArray('strokes').push(['a1']);
    await waitFor(() => strokesOf(viewer.doc).includes('a1'), 'the viewer sees alice draw');
    viewer.doc.getArray('strokes').push(['v1']);
    await expect
      .poll(() => metricValue(server!, 'relay_messages_dropped_total', { capability: 'doc:write' }))
      .toBe(1);
    alice.doc.getArray('strokes').push(['a2']);
    await waitFor(() => strokesOf(viewer.doc).includes('a2'), 'the viewer sees a2');
    expect(strokesOf(alice.doc)).toEqual(['a1', 'a2']);

    // The link API wants an edit link now: the room's name alone is nothing.
    expect((await call('GET', `/api/rooms/${room}/links`)).status).toBe(401);
    const listed = await call('GET', `/api/rooms/${room}/links`, undefined, bearer(links.edit.id));
    expect(listed.status).toBe(200);
  });

  it('rate-limits POST /api/rooms per address', async () => {
    await start({ ACCESS_MODE: 'links', NEW_ROOMS_PER_MINUTE_PER_IP: '2' });
    expect((await call('POST', '/api/rooms')).status).toBe(201);
    expect((await call('POST', '/api/rooms')).status).toBe(201);
    const third = await call('POST', '/api/rooms');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
  });
});

describe('ACCESS_MODE=token', () => {
  const token = (claims: Parameters<typeof signToken>[1] = {}, signer: Signer = secret.signer) =>
    signToken(signer, { room: 'embedded', ...claims });

  it('opens the room a token names, with a stock client given ?token=', async () => {
    await start(tokenMode);
    const alice = client('embedded', { token: await token({ sub: 'alice' }) });
    const bob = client('embedded', { token: await token({ sub: 'bob' }) });
    await waitFor(() => alice.provider.synced && bob.provider.synced, 'both synced');
    alice.doc.getArray('strokes').push(['a1']);
    await waitFor(() => strokesOf(bob.doc).includes('a1'), 'bob sees alice draw');
  });

  it('refuses a bare room (4401) and POST /api/rooms (403)', async () => {
    await start(tokenMode);
    expect(await closeOf(raw('/embedded'))).toEqual(closeWith(CloseReason.credentialMissing));
    expect((await call('POST', '/api/rooms')).status).toBe(403);
  });

  it('refuses tokens for another room (4403), expired (4403), wrongly signed or unsigned (4401)', async () => {
    await start(tokenMode);
    const cases: Array<[string, string, CloseReason]> = [
      ['another room', await token({ room: 'elsewhere' }), CloseReason.credentialOtherRoom],
      ['expired', await token({ exp: inAMinute() - 3600 }), CloseReason.tokenExpired],
      ['wrong signature', await token({}, newSecret().signer), CloseReason.tokenInvalid],
      ['alg none', unsignedToken({ room: 'embedded' }), CloseReason.tokenInvalid],
      ['garbage', 'not-a-token', CloseReason.tokenInvalid],
    ];
    for (const [what, jwt, reason] of cases) {
      const socket = raw(`/embedded?token=${jwt}`);
      expect(await closeOf(socket), what).toEqual(closeWith(reason));
      expect(socket.received, what).toEqual([]);
    }
  });

  it('refuses HS256 signed with the public key it trusts (algorithm confusion): 4401', async () => {
    const { pem, signer } = await newKeyPair('EdDSA');
    await start({ ACCESS_MODE: 'token', AUTH_PUBLIC_KEY: pem });
    const good = client('embedded', { token: await token({}, signer) });
    await waitFor(() => good.provider.synced, 'an EdDSA token opens the room');
    const forged = raw(`/embedded?token=${await confusedToken(pem, { room: 'embedded' })}`);
    expect(await closeOf(forged)).toEqual(closeWith(CloseReason.tokenInvalid));
  });

  it('ends a connection when its token expires, whether opened by the token or by a ticket for it (4403)', async () => {
    await start(tokenMode);
    // exp is whole seconds: a token ending at the next second or the one after.
    const soon = await token({ exp: Math.floor(Date.now() / 1000) + 2 });
    const direct = raw(`/embedded?token=${soon}`);
    await direct.opened;
    const { ticket } = await ticketFor(server!.url, bearer(soon));
    const byTicket = raw(`/link/ticket?ticket=${ticket}`);
    await byTicket.opened;
    const lasting = client('embedded', { token: await token() });
    await waitFor(() => lasting.provider.synced, 'a token of an hour syncs');
    expect(await closeOf(direct, 5000)).toEqual(closeWith(CloseReason.tokenExpired));
    expect(await closeOf(byTicket, 5000)).toEqual(closeWith(CloseReason.tokenExpired));
    expect(lasting.provider.wsconnected).toBe(true);
  });

  it('gives a view token read-only access: its changes never reach the editor', async () => {
    await start(tokenMode);
    const editor = client('embedded', { token: await token() });
    const viewer = client('embedded', { token: await token({ access: 'view' }) });
    await waitFor(() => editor.provider.synced && viewer.provider.synced, 'both synced');
    viewer.doc.getArray('strokes').push(['v1']);
    await expect
      .poll(() => metricValue(server!, 'relay_messages_dropped_total', { capability: 'doc:write' }))
      .toBe(1);
    editor.doc.getArray('strokes').push(['e1']);
    await waitFor(() => strokesOf(viewer.doc).includes('e1'), 'the viewer sees the editor');
    expect(strokesOf(editor.doc)).toEqual(['e1']);
  });

  it('lets an edit token manage its room links; a view token or none may not', async () => {
    await start(tokenMode);
    const path = '/api/rooms/embedded/links';
    const made = await call('POST', path, { access: 'view' }, bearer(await token()));
    expect(made.status).toBe(201);
    expect((await call('POST', path, { access: 'view' })).status).toBe(401);
    const asViewer = bearer(await token({ access: 'view' }));
    expect((await call('POST', path, { access: 'view' }, asViewer)).status).toBe(403);
    const otherRoom = bearer(await token({ room: 'elsewhere' }));
    expect((await call('GET', path, undefined, otherRoom)).status).toBe(403);
    const forged = bearer(unsignedToken({ room: 'embedded' }));
    expect((await call('GET', path, undefined, forged)).status).toBe(401);
  });
});

describe('one-time tickets', () => {
  const token = (claims: Parameters<typeof signToken>[1] = {}) =>
    signToken(secret.signer, { room: 'embedded', ...claims });

  it('open a room once: a second use closes 4401', async () => {
    await start(tokenMode);
    const answer = await call('POST', '/api/tickets', undefined, bearer(await token()));
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { ticket, expiresAt } = answer.body as { ticket: string; expiresAt: string };
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(50_000);
    expect(lifetime).toBeLessThanOrEqual(60_000);

    const first = client('embedded', { ticket });
    await waitFor(() => first.provider.synced, 'the ticket opened the room');
    const again = raw(`/embedded?ticket=${ticket}`);
    expect(await closeOf(again)).toEqual(closeWith(CloseReason.ticketInvalid));
  });

  it('expire unused', async () => {
    await start(tokenMode, new MemoryTicketStore({ ttlMs: 50 }));
    const { ticket, expiresAt } = await ticketFor(server!.url, bearer(await token()));
    await waitFor(() => Date.now() > Date.parse(expiresAt), 'the ticket expired');
    expect(await closeOf(raw(`/embedded?ticket=${ticket}`))).toEqual(
      closeWith(CloseReason.ticketInvalid),
    );
  });

  it('open only their own room (4403), and nothing when made up (4401)', async () => {
    await start(tokenMode);
    const { ticket } = await ticketFor(server!.url, bearer(await token()));
    expect(await closeOf(raw(`/elsewhere?ticket=${ticket}`))).toEqual(
      closeWith(CloseReason.credentialOtherRoom),
    );
    expect(await closeOf(raw(`/embedded?ticket=${'A'.repeat(32)}`))).toEqual(
      closeWith(CloseReason.ticketInvalid),
    );
    expect(await closeOf(raw(`/link/ticket`))).toEqual(closeWith(CloseReason.credentialMissing));
  });

  it('issued through a link open its room by /ws/link/ticket, and close with 4403 when it is revoked', async () => {
    await start({ ACCESS_MODE: 'links' });
    const { room, links } = (await call('POST', '/api/rooms')).body as NewRoom;
    const editTicket = await ticketFor(server!.url, bearer(links.edit.id));
    const viewTicket = await ticketFor(server!.url, bearer(links.view.id));
    const alice = client('ticket', { ticket: editTicket.ticket }, `${server!.wsUrl}/link`);
    const viewer = raw(`/link/ticket?ticket=${viewTicket.ticket}`);
    await viewer.opened;
    await waitFor(() => alice.provider.synced, 'alice synced by her ticket');
    alice.doc.getArray('strokes').push(['a1']);
    await waitFor(() => viewer.received.length >= 2, 'the viewer gets the room');

    const revoked = await call(
      'DELETE',
      `/api/rooms/${room}/links/${links.view.id}`,
      undefined,
      bearer(links.edit.id),
    );
    expect(revoked.status).toBe(204);
    expect(await closeOf(viewer, 2000)).toEqual(closeWith(CloseReason.linkRevoked));
    expect(alice.provider.wsconnected).toBe(true);
    // The revoked link issues no more tickets.
    expect((await call('POST', '/api/tickets', undefined, bearer(links.view.id))).status).toBe(403);
  });

  it('in the open mode: a bare room still works, a ticket names its holder, a bad one is 4401', async () => {
    await start({});
    const bare = stockClient(server!.wsUrl, 'open-room');
    clients.push(bare);
    await waitFor(() => bare.provider.synced, 'the stock client contract holds');
    const { ticket } = await ticketFor(
      server!.url,
      {},
      {
        room: 'open-room',
        device: 'a-device-key-of-the-app',
      },
    );
    const byTicket = client('open-room', { ticket });
    await waitFor(() => byTicket.provider.synced, 'the ticket opened the room');
    expect(await closeOf(raw(`/open-room?ticket=used-or-not`))).toEqual(
      closeWith(CloseReason.ticketInvalid),
    );
  });
});

describe('POST /api/tickets answers', () => {
  const expectStatus = (answer: Answer, status: number) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  };

  it('401, 403, 400 and 413 for what it cannot take', async () => {
    await start(tokenMode);
    const tickets = '/api/tickets';
    expectStatus(await call('POST', tickets), 401);
    expectStatus(await call('POST', tickets, { room: 'embedded' }), 401);
    expectStatus(await call('POST', tickets, undefined, bearer('A'.repeat(22))), 401);
    expectStatus(await call('POST', tickets, undefined, bearer(unsignedToken())), 401);
    expectStatus(await call('POST', tickets, undefined, { authorization: 'Basic eDp5' }), 401);
    const expired = await signToken(secret.signer, { exp: inAMinute() - 3600 });
    expectStatus(await call('POST', tickets, undefined, bearer(expired)), 403);
    const good = bearer(await signToken(secret.signer, { room: 'embedded' }));
    expectStatus(await call('POST', tickets, { room: 'elsewhere' }, good), 403);
    expectStatus(await call('POST', tickets, '{"room":', good), 400);
    expectStatus(await call('POST', tickets, { device: 'short' }, good), 400);
    expectStatus(await call('POST', tickets, { surprise: true }, good), 400);
    expectStatus(await call('POST', tickets, [], good), 400);
    expectStatus(await call('POST', tickets, { device: 'x'.repeat(2000) }, good), 413);
    expectStatus(await call('POST', tickets, { device: 'a-device-key-of-the-app' }, good), 201);
  });

  it('429 past the per-address rate', async () => {
    await start({ ...tokenMode, UPGRADES_PER_SECOND_PER_IP: '1' });
    const good = bearer(await signToken(secret.signer, { room: 'embedded' }));
    expectStatus(await call('POST', '/api/tickets', undefined, good), 201);
    expectStatus(await call('POST', '/api/tickets', undefined, good), 201);
    const third = await call('POST', '/api/tickets', undefined, good);
    expectStatus(third, 429);
    expect(third.headers.get('retry-after')).toBe('1');
  });
});
