/**
 * The Share dialog's client of the link API against a real relay (a free port, its own LevelDB
 * folder) and a stock y-websocket client opening a link: what the user sees in the dialog is
 * what the relay did.
 */
import { describe, expect, it } from 'vitest';
import { stockClient, synced, waitFor } from '../../../server/test-support/clients.ts';
import type { TestServer } from '../../../server/test-support/server.ts';
import { RelayPerTest } from '../../../server/test-support/relay-per-test.ts';
import { LinkApi, type LinkResult } from './link-api.ts';

const ROOM = 'team-retro';

const relay = new RelayPerTest();

const start = (): Promise<TestServer> => relay.start();

function apiOf(running: TestServer, bearer: string | null = null, room = ROOM): LinkApi {
  return new LinkApi({ room, origin: running.url, bearer: () => bearer });
}

/** Polls an async check until it holds (no fixed sleeps), or fails naming `what`. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function valueOf<T>(result: LinkResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problem)}`);
  return result.value;
}

describe('managing a room’s links from the Share dialog', () => {
  it('creates a view link and an edit link, lists them with their expiry, and revokes one', async () => {
    const running = await start();
    const api = apiOf(running);

    const before = Date.now();
    const view = valueOf(await api.create({ access: 'view', expiresIn: 3600, presence: false }));
    const edit = valueOf(await api.create({ access: 'edit' }));
    expect(view.access).toBe('view');
    expect(view.url).toBe(`${running.url}/l#${view.id}`);
    expect(view.url).not.toContain(ROOM);
    expect(view.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(edit).toMatchObject({ access: 'edit', expiresAt: null });

    const listed = valueOf(await api.list());
    expect(listed.map((link) => [link.id, link.access, link.connections])).toEqual([
      [view.id, 'view', 0],
      [edit.id, 'edit', 0],
    ]);
    expect(listed[0]!.expires).toEqual(view.expiresAt);
    expect(listed[1]!.expires).toBeNull();

    expect(valueOf(await api.revoke(view.id))).toBeNull();
    expect(valueOf(await api.list()).map((link) => link.id)).toEqual([edit.id]);
    // Revoked twice (two tabs, a stale list): still done, the link still gone.
    expect((await api.revoke(view.id)).ok).toBe(true);
  });

  it('counts the connections open through a link now', async () => {
    const running = await start();
    const api = apiOf(running);
    const view = valueOf(await api.create({ access: 'view' }));
    const viewer = stockClient(`${running.wsUrl}/link`, view.id);
    relay.track(viewer);
    await waitFor(synced(viewer), 'the viewer to sync');

    const counted = async () => valueOf(await api.list())[0]!.connections;
    expect(await counted()).toBe(1);
    viewer.destroy();
    await eventually(async () => (await counted()) === 0, 'the viewer to be gone from the count');
  });

  it('sends the page’s credential as a bearer: an edit link manages, a view or unknown link needs edit access', async () => {
    const running = await start();
    const open = apiOf(running);
    const edit = valueOf(await open.create({ access: 'edit' }));
    const view = valueOf(await open.create({ access: 'view' }));

    const editor = apiOf(running, edit.id);
    const made = valueOf(await editor.create({ access: 'view' }));
    expect(valueOf(await editor.list()).map((link) => link.id)).toContain(made.id);

    for (const bearer of [view.id, 'A'.repeat(22), 'not a link']) {
      const refused = apiOf(running, bearer);
      for (const result of [
        await refused.create({ access: 'edit' }),
        await refused.list(),
        await refused.revoke(edit.id),
      ]) {
        expect(result, bearer).toEqual({ ok: false, problem: { kind: 'needs-edit-access' } });
      }
    }
    // Nothing the refused requests asked for happened.
    expect(valueOf(await open.list()).map((link) => link.id)).toEqual([edit.id, view.id, made.id]);
  });

  it('tells the server’s own reason for a request it refuses', async () => {
    const running = await start();
    const badRoom = apiOf(running, null, 'no/such room');
    const result = await badRoom.list();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatchObject({ kind: 'refused', status: 400 });

    const tooLong = await apiOf(running).create({ access: 'view', expiresIn: 10 * 365 * 86400 });
    expect(tooLong).toMatchObject({ ok: false, problem: { kind: 'refused', status: 400 } });
  });

  it('says offline when the relay does not answer', async () => {
    const running = await start();
    const api = apiOf(running);
    await running.close();
    for (const result of [
      await api.create({ access: 'view' }),
      await api.list(),
      await api.revoke('A'.repeat(22)),
    ]) {
      expect(result).toEqual({ ok: false, problem: { kind: 'offline' } });
    }
  });
});
