/**
 * The Share dialog's state against a real relay: a room's owner makes links, sees who is
 * connected through them, and revokes one, which closes its viewer's connection.
 *
 * Named `.relay.test.ts`, not `.svelte.test.ts`: the runes project resolves packages for the
 * browser, where `ws` has no server. Nothing here needs effects; the state's fields are read
 * directly after each awaited action.
 */
import { describe, expect, it } from 'vitest';
import { stockClient, synced, waitFor } from '../../../server/test-support/clients.ts';
import type { TestServer } from '../../../server/test-support/server.ts';
import { RelayPerTest } from '../../../server/test-support/relay-per-test.ts';
import { LinkApi } from './link-api.ts';
import { ShareLinks } from './share-links.svelte.ts';

const ROOM = 'launch-plan';
const NO_EXPIRY = { expiry: 'never', presence: true } as const;

const relay = new RelayPerTest();

async function sharing(
  bearer: string | null = null,
): Promise<{ running: TestServer; share: ShareLinks }> {
  const running = relay.server ?? (await relay.start());
  const api = new LinkApi({ room: ROOM, origin: running.url, bearer: () => bearer });
  return { running, share: new ShareLinks(api) };
}

describe('the Share dialog’s links of a room', () => {
  it('makes a view link that expires, lists it with its viewer, and revokes it, closing the viewer with 4403', async () => {
    const { running, share } = await sharing();
    await share.refresh();
    expect(share.links).toEqual([]);

    const before = Date.now();
    await share.create('view', { expiry: 'hour', presence: false });
    const view = share.made('view')!;
    expect(view.url).toBe(`${running.url}/l#${view.id}`);
    expect(view.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(share.made('edit')).toBeNull();
    // The list was refreshed after making it.
    expect(share.links?.map((link) => [link.id, link.access])).toEqual([[view.id, 'view']]);
    expect(share.busy).toEqual({ kind: 'none' });

    const viewer = stockClient(`${running.wsUrl}/link`, view.id);
    relay.track(viewer);
    const closes: number[] = [];
    viewer.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    await waitFor(synced(viewer), 'the viewer to sync');
    await share.refresh();
    expect(share.links?.[0]?.connections).toBe(1);

    await share.revoke(view.id);
    expect(share.links).toEqual([]);
    expect(share.made('view')).toBeNull();
    expect(share.problem).toBeNull();
    await waitFor(() => closes.includes(4403), 'the viewer to be closed with 4403');
  });

  it('makes an edit link that never expires, beside the view link', async () => {
    const { share } = await sharing();
    await share.create('view', NO_EXPIRY);
    await share.create('edit', NO_EXPIRY);
    expect(share.made('edit')).toMatchObject({ access: 'edit', expiresAt: null });
    expect(share.links?.map((link) => link.access)).toEqual(['view', 'edit']);
    expect(share.links?.map((link) => link.expires)).toEqual([null, null]);
  });

  it('tells a page holding only a view link that it needs edit access, and makes nothing', async () => {
    const owner = await sharing();
    await owner.share.create('view', NO_EXPIRY);
    const viewId = owner.share.made('view')!.id;

    const { share } = await sharing(viewId);
    await share.refresh();
    expect(share.problem).toEqual({ kind: 'needs-edit-access' });
    expect(share.links).toBeNull();
    await share.create('edit', NO_EXPIRY);
    expect(share.problem).toEqual({ kind: 'needs-edit-access' });
    expect(share.made('edit')).toBeNull();
    await share.revoke(viewId);
    expect(share.problem).toEqual({ kind: 'needs-edit-access' });

    await owner.share.refresh();
    expect(owner.share.links?.map((link) => link.id)).toEqual([viewId]);
  });

  it('says offline when the relay goes away, keeps the last list, and recovers when it is back', async () => {
    const { running, share } = await sharing();
    await share.create('view', NO_EXPIRY);
    const listed = share.links;
    await running.close();

    await share.refresh();
    expect(share.problem).toEqual({ kind: 'offline' });
    expect(share.links).toBe(listed);
    await share.create('edit', NO_EXPIRY);
    expect(share.problem).toEqual({ kind: 'offline' });
    expect(share.made('edit')).toBeNull();

    // Back on the same address, with the same storage: the stored link is listed again.
    const port = new URL(running.url).port;
    await relay.start({ PORT: port }, undefined, running.dataDir);
    await share.refresh();
    expect(share.problem).toBeNull();
    expect(share.links?.map((link) => link.id)).toEqual(listed?.map((link) => link.id));
  });
});
