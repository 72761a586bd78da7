/**
 * The history panel's client against a real relay (a free port, its own LevelDB folder) and a
 * stock y-websocket client drawing and clearing: what the panel shows and does is what the
 * relay keeps and does.
 */
import { describe, expect, it } from 'vitest';
import { drawStrokes } from '../../../server/test-support/boards.ts';
import {
  stockClient,
  synced,
  waitFor,
  type StockClient,
} from '../../../server/test-support/clients.ts';
import { removeDir, type TestServer } from '../../../server/test-support/server.ts';
import { RelayPerTest } from '../../../server/test-support/relay-per-test.ts';
import { clearBoard } from '../model/strokes.ts';
import { LinkApi } from '../share/link-api.ts';
import { HistoryApi, type HistoryResult } from './history-api.ts';
import { versionDoc, versionStrokes } from './version-doc.ts';
import type { VersionEntry, VersionReason } from './version-responses.ts';

const ROOM = 'team-retro';

const relay = new RelayPerTest();

const start = (): Promise<TestServer> => relay.start();

function apiOf(running: TestServer, bearer: string | null = null, room = ROOM): HistoryApi {
  return new HistoryApi({ room, origin: running.url, bearer: () => bearer });
}

async function drawer(running: TestServer): Promise<StockClient> {
  const client = stockClient(running.wsUrl, ROOM);
  relay.track(client);
  await waitFor(synced(client), 'the drawer to sync');
  return client;
}

function valueOf<T>(result: HistoryResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problem)}`);
  return result.value;
}

const strokeCount = (client: StockClient) => client.doc.getMap('strokes').size;

/** The list, polled (no fixed sleeps) until it holds a version kept for `reason`. */
async function versionsOnceKept(api: HistoryApi, reason: VersionReason): Promise<VersionEntry[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { versions } = valueOf(await api.list());
    if (versions.some((version) => version.reason === reason)) return [...versions];
    if (Date.now() > deadline) throw new Error(`no ${reason} version was kept`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the history panel’s client', () => {
  it('lists the version kept before a clear, downloads it and restores it for everyone', async () => {
    const running = await start();
    const api = apiOf(running);
    expect(valueOf(await api.list())).toEqual({ versions: [], skipped: 0 });
    const alice = await drawer(running);
    const bob = await drawer(running);
    drawStrokes(alice.doc, 3);
    await waitFor(() => strokeCount(bob) === 3, 'Bob to see the drawing');

    const named = valueOf(await api.save('Sprint plan'));
    expect(named).toMatchObject({ reason: 'named', name: 'Sprint plan', elements: 3 });

    clearBoard(bob.doc, null);
    await waitFor(() => strokeCount(alice) === 0, 'the clear to reach Alice');
    const versions = await versionsOnceKept(api, 'before-mass-delete');
    const beforeClear = versions.find((version) => version.reason === 'before-mass-delete')!;
    expect(beforeClear.elements).toBe(3);
    expect(versions.map((version) => version.id)).toContain(named!.id);
    const times = versions.map((version) => version.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const doc = versionDoc(valueOf(await api.download(beforeClear.id)))!;
    expect(versionStrokes(doc)).toHaveLength(3);

    const kept = valueOf(await api.restore(beforeClear.id));
    expect(kept).toMatchObject({ reason: 'named', elements: 0 });
    await waitFor(() => strokeCount(alice) === 3 && strokeCount(bob) === 3, 'the drawing back');
  });

  it('needs edit access: a view link’s id is refused, an edit link’s works', async () => {
    const running = await start();
    await drawer(running);
    const links = new LinkApi({ room: ROOM, origin: running.url, bearer: () => null });
    const view = await links.create({ access: 'view' });
    const edit = await links.create({ access: 'edit' });
    if (!view.ok || !edit.ok) throw new Error('could not make links');

    expect(await apiOf(running, view.value.id).list()).toEqual({
      ok: false,
      problem: { kind: 'needs-edit-access' },
    });
    expect(await apiOf(running, view.value.id).save('mine now')).toEqual({
      ok: false,
      problem: { kind: 'needs-edit-access' },
    });
    expect((await apiOf(running, edit.value.id).list()).ok).toBe(true);
  });

  it('tells the server’s reason for an unknown version, and says offline when it is down', async () => {
    const running = await start();
    const alice = await drawer(running);
    drawStrokes(alice.doc, 1);
    const api = apiOf(running);
    await waitFor(() => strokeCount(alice) === 1, 'the stroke');
    valueOf(await api.save('one'));
    expect(await api.download('zzzzzzzzzz')).toMatchObject({
      ok: false,
      problem: { kind: 'refused', status: 404 },
    });
    expect(await api.restore('../links')).toMatchObject({
      ok: false,
      problem: { kind: 'refused', status: 400 },
    });

    await running.close();
    relay.server = undefined;
    await removeDir(running.dataDir);
    for (const result of [
      await api.list(),
      await api.download('zzzzzzzzzz'),
      await api.save('x'),
    ]) {
      expect(result).toEqual({ ok: false, problem: { kind: 'offline' } });
    }
  });
});
