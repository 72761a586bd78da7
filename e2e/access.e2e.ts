import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { drawStroke, strokesOf, uniqueRoom } from './support/board.ts';
import { accessModeEnv, signToken, testSecret } from './support/jwt.ts';

/** Every WebSocket URL the page opens, as the browser asked for it. */
function socketUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on('websocket', (socket) => urls.push(socket.url()));
  return urls;
}

function synced(page: Page): Promise<boolean> {
  return page.evaluate(() => window.__whiteboard?.synced ?? false);
}

interface MadeRoom {
  readonly room: string;
  readonly links: {
    readonly edit: { readonly id: string; readonly url: string };
    readonly view: { readonly id: string; readonly url: string };
  };
}

test.describe('a relay that opens boards only through links', () => {
  test.use({ serverEnv: accessModeEnv('links') });

  test('a new board opens by its edit link, a view link watches it, and no link id is in a socket URL', async ({
    users,
    server,
  }) => {
    const alice = await users.add('alice');
    const aliceSockets = socketUrls(alice.page);
    await alice.page.goto(`${server.url}/`);
    await expect(alice.page).toHaveURL(/\/l#[A-Za-z0-9_-]{16,}$/);
    await expect.poll(() => synced(alice.page)).toBe(true);
    await expect(alice.page.getByTestId('tool-pen')).toBeVisible();
    await expect(alice.page.getByTestId('view-only')).toHaveCount(0);
    await drawStroke(alice.page, [
      [200, 300],
      [400, 320],
    ]);
    await expect.poll(async () => (await strokesOf(alice.page)).length).toBe(1);
    const editId = new URL(alice.page.url()).hash.slice(1);

    // A room made through the API: Bob opens its view link, Carol its edit link.
    const made = await alice.page.request.post(`${server.url}/api/rooms`);
    expect(made.status()).toBe(201);
    const { links } = (await made.json()) as MadeRoom;
    const carol = await users.add('carol');
    const carolSockets = socketUrls(carol.page);
    await carol.page.goto(links.edit.url);
    await expect.poll(() => synced(carol.page)).toBe(true);
    const bob = await users.add('bob');
    const bobSockets = socketUrls(bob.page);
    await bob.page.goto(links.view.url);
    await expect.poll(() => synced(bob.page)).toBe(true);
    await expect(bob.page.getByTestId('view-only')).toHaveText('View only');
    await expect(bob.page.getByTestId('tool-pen')).toHaveCount(0);

    await drawStroke(carol.page, [
      [200, 300],
      [400, 320],
    ]);
    await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
    // Bob's gesture pans; a later stroke of Carol's arrives after it, and only hers exist.
    await drawStroke(bob.page, [
      [250, 400],
      [450, 420],
    ]);
    await drawStroke(carol.page, [
      [200, 500],
      [400, 520],
    ]);
    await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(2);
    expect(await strokesOf(carol.page)).toHaveLength(2);

    const everySocket = [...aliceSockets, ...bobSockets, ...carolSockets];
    expect(everySocket.length).toBeGreaterThanOrEqual(3);
    for (const url of everySocket) {
      expect(url).toMatch(/\/ws\/link\/ticket\?ticket=[A-Za-z0-9_-]+$/);
      for (const id of [editId, links.edit.id, links.view.id]) expect(url).not.toContain(id);
    }
  });

  test("an edit link's page shares the board further: its Share dialog makes a view link", async ({
    users,
    server,
  }) => {
    const alice = await users.add('alice');
    await alice.page.goto(`${server.url}/`);
    await expect(alice.page).toHaveURL(/\/l#[A-Za-z0-9_-]{16,}$/);
    await expect.poll(() => synced(alice.page)).toBe(true);
    await drawStroke(alice.page, [
      [200, 300],
      [400, 320],
    ]);

    await alice.page.getByTestId('share').click();
    const dialog = alice.page.getByTestId('share-dialog');
    await dialog.getByTestId('share-create-view').click();
    const field = dialog.getByTestId('share-view-link-value');
    await expect(field).toHaveValue(/\/l#[A-Za-z0-9_-]{22}$/);
    const viewUrl = await field.inputValue();

    const bob = await users.add('bob');
    await bob.page.goto(viewUrl);
    await expect.poll(() => synced(bob.page)).toBe(true);
    await expect(bob.page.getByTestId('view-only')).toHaveText('View only');
    await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
    await dialog.getByTestId('share-refresh').click();
    // The room's own two links from POST /api/rooms, and the one just made, with Bob on it.
    await expect(dialog.getByTestId('share-link-row')).toHaveCount(3);
    const made = dialog.locator(`[data-link-id="${new URL(viewUrl).hash.slice(1)}"]`);
    await expect(made.getByTestId('share-link-connections')).toHaveText('1 connection now');
  });

  test('a room page by its name alone says the board needs a link, and stops trying', async ({
    users,
    server,
  }) => {
    const eve = await users.add('eve');
    const sockets = socketUrls(eve.page);
    await eve.page.goto(`${server.url}/r/${uniqueRoom('guessed')}`);
    await expect(eve.page.getByTestId('needs-link')).toContainText('This board needs a link');
    expect(sockets).toEqual([]);
  });
});

test.describe('a relay that opens boards through the host application’s tokens', () => {
  const secret = testSecret();
  test.use({ serverEnv: accessModeEnv('token', secret) });

  test('a token opens its room, leaves the address bar at once, and names its holder', async ({
    users,
    server,
  }) => {
    const room = uniqueRoom('embedded');
    const token = signToken(secret, { room, access: 'edit', sub: 'u-ada', name: 'Ada Lovelace' });
    const ada = await users.add('ada');
    const sockets = socketUrls(ada.page);
    await ada.page.goto(`${server.url}/r/${room}#token=${token}`);
    await expect.poll(() => synced(ada.page)).toBe(true);
    expect(ada.page.url()).toBe(`${server.url}/r/${room}`);
    await expect
      .poll(() => ada.page.evaluate(() => window.__whiteboard?.presence.self.name))
      .toBe('Ada Lovelace');
    await drawStroke(ada.page, [
      [200, 300],
      [400, 320],
    ]);

    // A view token's holder sees it, cannot draw, and sees Ada by her token's name.
    const viewer = signToken(secret, { room, access: 'view', sub: 'u-bob', name: 'Bob' });
    const bob = await users.add('bob');
    const bobSockets = socketUrls(bob.page);
    await bob.page.goto(`${server.url}/r/${room}#token=${viewer}`);
    await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
    await expect
      .poll(() =>
        bob.page.evaluate(() => window.__whiteboard?.presence.participants.map(({ name }) => name)),
      )
      .toContain('Ada Lovelace');

    // A reload keeps working: the tab kept the token, the address bar did not.
    await ada.page.reload();
    await expect.poll(() => synced(ada.page)).toBe(true);
    expect(ada.page.url()).toBe(`${server.url}/r/${room}`);

    for (const url of [...sockets, ...bobSockets]) {
      expect(url).toMatch(new RegExp(`/ws/${room}\\?ticket=[A-Za-z0-9_-]+$`));
      expect(url).not.toContain('token=');
      expect(url).not.toContain(token.split('.')[2]);
    }
  });

  test('a token signed with another secret shows that the link no longer works', async ({
    users,
    server,
  }) => {
    const room = uniqueRoom('forged');
    const forged = signToken(testSecret(), { room, access: 'edit', name: 'Mallory' });
    const mallory = await users.add('mallory');
    await mallory.page.goto(`${server.url}/r/${room}#token=${forged}`);
    await expect(mallory.page.getByTestId('link-gone')).toContainText('This link no longer works');
    expect(mallory.page.url()).not.toContain('token');
  });

  test('a room page with no token says the board needs a link', async ({ users, server }) => {
    const eve = await users.add('eve');
    await eve.page.goto(`${server.url}/r/${uniqueRoom('no-token')}`);
    await expect(eve.page.getByTestId('needs-link')).toContainText('This board needs a link');
  });
});

test.describe('tickets in the open mode', () => {
  test('a page connects with a ticket, and through the bare room on a relay without tickets', async ({
    users,
    server,
  }) => {
    const room = uniqueRoom('tickets');
    const alice = await users.add('alice');
    const sockets = socketUrls(alice.page);
    await alice.page.goto(`${server.url}/r/${room}`);
    await expect.poll(() => synced(alice.page)).toBe(true);
    expect(sockets[0]).toMatch(new RegExp(`/ws/${room}\\?ticket=[A-Za-z0-9_-]+$`));

    // An older relay: no ticket endpoint.
    const bob = await users.add('bob');
    await bob.page.route('**/api/tickets', (route) => route.fulfill({ status: 404 }));
    const bobSockets = socketUrls(bob.page);
    await bob.page.goto(`${server.url}/r/${room}`);
    await expect.poll(() => synced(bob.page)).toBe(true);
    expect(bobSockets[0]).toMatch(new RegExp(`/ws/${room}$`));
  });

  test('a ticket the relay refuses is replaced 3 times, then the page stops trying', async ({
    users,
    server,
  }) => {
    const eve = await users.add('eve');
    let asked = 0;
    // Every ticket this page gets is one the relay never issued.
    await eve.page.route('**/api/tickets', (route) => {
      asked++;
      return route.fulfill({
        status: 201,
        contentType: 'application/json',
        body: JSON.stringify({ ticket: 'A'.repeat(32), expiresAt: new Date().toISOString() }),
      });
    });
    const sockets = socketUrls(eve.page);
    await eve.page.goto(`${server.url}/r/${uniqueRoom('refused-tickets')}`);
    await expect(eve.page.getByTestId('link-gone')).toContainText('This link no longer works');
    expect(asked).toBe(4);
    expect(sockets).toHaveLength(4);
  });
});
