/**
 * Board history (issue 14), from outside: stock y-websocket clients draw and wipe, the relay
 * keeps versions on its own, and anyone who may edit lists, reads and restores them over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clearBoard } from '../../web/src/model/strokes.ts';
import { api as callApi, bearer } from '../test-support/api.ts';
import { drawStrokes } from '../test-support/boards.ts';
import { stockClient, synced, waitFor, type StockClient } from '../test-support/clients.ts';
import { removeDir, startTestServer, type TestServer } from '../test-support/server.ts';

const ROOM = 'design-review';

interface Version {
  readonly id: string;
  readonly at: number;
  readonly reason: string;
  readonly name: string | null;
  readonly elements: number;
  readonly bytes: number;
}

let server: TestServer | undefined;
const dirs: string[] = [];
const clients: StockClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function start(env: Record<string, string>, dataDir?: string): Promise<TestServer> {
  server = await startTestServer(env, undefined, dataDir);
  if (!dirs.includes(server.dataDir)) dirs.push(server.dataDir);
  return server;
}

const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(server!.url, method, path, body, headers);

async function person(): Promise<StockClient> {
  const client = stockClient(server!.wsUrl, ROOM);
  clients.push(client);
  await waitFor(synced(client), 'synced');
  return client;
}

async function versions(room = ROOM): Promise<Version[]> {
  const answer = await api('GET', `/api/rooms/${room}/versions`);
  expect(answer.status).toBe(200);
  return answer.body as Version[];
}

/** Polls the list until `check` holds; no sleeps. */
async function versionsWhen(what: string, check: (listed: Version[]) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listed = await versions();
    if (check(listed)) return listed;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** GET one version: its whole document. */
async function versionDoc(id: string): Promise<Y.Doc> {
  const response = await fetch(`${server!.url}/api/rooms/${ROOM}/versions/${id}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/octet-stream');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return doc;
}

const elements = (doc: Y.Doc) => doc.getMap('strokes').size;

describe('board history', () => {
  it('keeps a version when the room goes quiet and before a wipe, and anyone may restore it for everyone', async () => {
    await start({ VERSION_IDLE_MS: '150' });
    const ada = await person();
    const bob = await person();
    drawStrokes(ada.doc, 5);
    await waitFor(() => elements(bob.doc) === 5, 'bob sees the drawing');
    const [quiet] = await versionsWhen('an idle version', (l) =>
      l.some((v) => v.reason === 'idle'),
    );
    expect(quiet).toMatchObject({ reason: 'idle', name: null, elements: 5 });

    clearBoard(bob.doc, null);
    await waitFor(() => elements(ada.doc) === 0, 'ada sees the board cleared');
    const listed = await versionsWhen('a version before the wipe', (l) =>
      l.some((v) => v.reason === 'before-mass-delete'),
    );
    const beforeWipe = listed.find((v) => v.reason === 'before-mass-delete')!;
    expect(beforeWipe.elements).toBe(5);
    expect(elements(await versionDoc(beforeWipe.id))).toBe(5);

    // The restore reaches both as one change, relayed like anyone's.
    const changes = { ada: 0, bob: 0 };
    ada.doc.on('update', () => changes.ada++);
    bob.doc.on('update', () => changes.bob++);
    const restored = await api('POST', `/api/rooms/${ROOM}/versions/${beforeWipe.id}/restore`);
    expect(restored.status).toBe(200);
    const replaced = restored.body as Version;
    expect(replaced).toMatchObject({ reason: 'named', elements: 0 });
    expect(replaced.name).toMatch(/^Before restoring \d{4}-/);
    await waitFor(() => elements(ada.doc) === 5 && elements(bob.doc) === 5, 'the drawing is back');
    expect(changes).toEqual({ ada: 1, bob: 1 });
    expect(ada.doc.getMap('strokes').toJSON()).toEqual(
      (await versionDoc(beforeWipe.id)).getMap('strokes').toJSON(),
    );

    // Undone by restoring what it replaced.
    const undo = await api('POST', `/api/rooms/${ROOM}/versions/${replaced.id}/restore`);
    expect(undo.status).toBe(200);
    await waitFor(() => elements(ada.doc) === 0 && elements(bob.doc) === 0, 'the restore undone');
  });

  it('answers bad requests clearly, keeps history across a restart, and restores an unloaded room', async () => {
    const first = await start({});
    const ada = await person();
    const watcher = await person();
    drawStrokes(ada.doc, 3);
    // Stored once relayed: the watcher sees it only after the relay holds it.
    await waitFor(() => elements(watcher.doc) === 3, 'the drawing is stored');
    watcher.destroy();
    const named = await api('POST', `/api/rooms/${ROOM}/versions`, { name: 'Three strokes' });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ reason: 'named', name: 'Three strokes', elements: 3 });
    const { id } = named.body as Version;

    expect((await api('GET', `/api/rooms/no%20room/versions`)).status).toBe(400);
    expect((await api('GET', `/api/rooms/${ROOM}/versions/NOT-AN-ID`)).status).toBe(400);
    expect((await api('GET', `/api/rooms/never-written/versions`)).status).toBe(404);
    expect((await api('POST', `/api/rooms/never-written/versions`, { name: 'x' })).status).toBe(
      404,
    );
    expect((await api('GET', `/api/rooms/${ROOM}/versions/9999999999`)).status).toBe(404);
    expect((await api('POST', `/api/rooms/${ROOM}/versions/9999999999/restore`)).status).toBe(404);
    const post = (body: unknown, headers?: Record<string, string>) =>
      api('POST', `/api/rooms/${ROOM}/versions`, body, headers);
    expect((await post({ name: '' })).status).toBe(400);
    expect((await post({ name: '   ' })).status).toBe(400);
    expect((await post({ name: 'x'.repeat(101) })).status).toBe(400);
    expect((await post({ name: 'x', extra: 1 })).status).toBe(400);
    expect((await post('{"name":')).status).toBe(400);
    expect((await post({ name: 'x'.repeat(5000) })).status).toBe(413);
    expect((await post('name=x', { 'content-type': 'text/plain' })).status).toBe(415);
    const view = await api('POST', `/api/rooms/${ROOM}/links`, { access: 'view' });
    const viewer = bearer((view.body as { id: string }).id);
    expect((await api('GET', `/api/rooms/${ROOM}/versions`, undefined, viewer)).status).toBe(403);

    // The room unloads when Ada leaves; changes since the named version get an idle one then.
    drawStrokes(ada.doc, 1, { prefix: 'late' });
    ada.destroy();
    clients.splice(0);
    await waitFor(() => first.rooms.size === 0, 'room unloaded');
    const beforeRestart = await versions();
    expect(beforeRestart[0]).toMatchObject({ reason: 'idle', elements: 4 });

    await first.close();
    await start({}, first.dataDir);
    expect(await versions()).toEqual(beforeRestart);
    const restored = await api('POST', `/api/rooms/${ROOM}/versions/${id}/restore`);
    expect(restored.status).toBe(200);
    const bob = await person();
    expect(elements(bob.doc)).toBe(3);
  });
});
