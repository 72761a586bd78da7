import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { presenceOf, uniqueRoom } from './support/board.ts';

/** The world point under a screen point on `page`, by its own camera. */
async function worldAt(page: Page, x: number, y: number) {
  const viewport = await page.evaluate(() => window.__whiteboard?.viewport);
  if (!viewport) throw new Error('the board exposes no viewport');
  return { x: x / viewport.zoom + viewport.x, y: y / viewport.zoom + viewport.y };
}

/** The cursor `page` shows for the client `clientId`, as published, or null. */
async function cursorOf(page: Page, clientId: number) {
  const { cursors } = await presenceOf(page);
  return cursors.find((cursor) => cursor.clientId === clientId) ?? null;
}

/** How opaque the cursor layer is around a CSS-pixel point: 0 where nothing is drawn. */
function overlayInkNear(page: Page, x: number, y: number, radius = 3): Promise<number> {
  return page.evaluate(
    ({ x, y, radius }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-testid="board"]');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return -1;
      const scale = canvas.width / canvas.clientWidth;
      const size = Math.round(2 * radius * scale);
      const { data } = ctx.getImageData(
        Math.round((x - radius) * scale),
        Math.round((y - radius) * scale),
        size,
        size,
      );
      let alpha = 0;
      for (let i = 3; i < data.length; i += 4) alpha = Math.max(alpha, data[i] ?? 0);
      return alpha;
    },
    { x, y, radius },
  );
}

// Clear of the toolbar (top), the participant list (top right) and the zoom controls (bottom).
const POINT = { x: 420, y: 330 } as const;

test("Alice's pointer shows on Bob's board with her name and colour, where she points", async ({
  users,
}) => {
  const room = uniqueRoom('cursor');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const me = (await presenceOf(alice.page)).self;
  await alice.page.mouse.move(POINT.x - 100, POINT.y - 60);
  await alice.page.mouse.move(POINT.x, POINT.y, { steps: 8 });
  const expected = await worldAt(alice.page, POINT.x, POINT.y);

  await expect
    .poll(async () => {
      const cursor = await cursorOf(bob.page, me.clientId);
      return cursor && Math.hypot(cursor.x - expected.x, cursor.y - expected.y);
    })
    .toBeLessThanOrEqual(0.5);
  expect(await cursorOf(bob.page, me.clientId)).toMatchObject({
    name: me.name,
    color: me.color,
    idle: false,
  });

  // And it is drawn there on Bob's screen: the arrow's body is just below-right of its tip.
  const bobView = await bob.page.evaluate(() => window.__whiteboard?.viewport);
  if (!bobView) throw new Error('no viewport');
  const tip = {
    x: (expected.x - bobView.x) * bobView.zoom,
    y: (expected.y - bobView.y) * bobView.zoom,
  };
  await expect.poll(() => overlayInkNear(bob.page, tip.x + 3, tip.y + 9)).toBeGreaterThan(200);

  // Over the participant list, the pointer is off the board: the cursor goes, the person stays.
  await alice.page.getByTestId('participant-list').hover();
  await expect.poll(() => cursorOf(bob.page, me.clientId)).toBeNull();
  expect((await presenceOf(bob.page)).participants.map((entry) => entry.name)).toContain(me.name);
  await expect.poll(() => overlayInkNear(bob.page, tip.x + 3, tip.y + 9)).toBe(0);
});

test("renaming yourself shows on everyone's participant list, and is remembered", async ({
  users,
}) => {
  const room = uniqueRoom('rename');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const before = (await presenceOf(alice.page)).self;
  const bobsList = bob.page.getByTestId('participant-list');
  await expect(bobsList).toContainText(before.name);
  await expect(bobsList.getByTestId('participant-count')).toHaveText('2 people here');

  await alice.page.getByRole('button', { name: 'Edit your name and colour' }).click();
  const nameField = alice.page.getByRole('textbox', { name: 'Your name' });
  await expect(nameField).toBeFocused();
  // Typed key by key, so the board's keyboard shortcuts must leave the field alone.
  await nameField.fill('');
  await nameField.pressSequentially('  Ada   Lovelace ');
  await alice.page.getByRole('radio', { name: 'Teal' }).check();
  await nameField.press('Enter');

  await expect(bobsList).toContainText('Ada Lovelace');
  await expect(bobsList).not.toContainText(before.name);
  await expect
    .poll(async () =>
      (await presenceOf(bob.page)).participants.find((entry) => entry.clientId === before.clientId),
    )
    .toMatchObject({ name: 'Ada Lovelace', color: '#099268', isSelf: false });
  const aliceEntry = alice.page.getByTestId('participant').filter({ hasText: '(you)' });
  await expect(aliceEntry).toContainText('Ada Lovelace');
  await expect(alice.page.getByRole('button', { name: 'Edit your name and colour' })).toBeFocused();

  // An empty name is refused with a message, and Escape leaves the old one in place.
  await alice.page.getByRole('button', { name: 'Edit your name and colour' }).click();
  await nameField.fill('   ');
  await nameField.press('Enter');
  await expect(alice.page.getByTestId('participant-list').getByRole('alert')).toContainText(
    '1 to 32 characters',
  );
  await nameField.press('Escape');
  await expect(aliceEntry).toContainText('Ada Lovelace');

  // Same browser, later visit: same person.
  await alice.page.reload();
  await expect.poll(() => alice.page.evaluate(() => window.__whiteboard?.synced)).toBe(true);
  const after = (await presenceOf(alice.page)).self;
  expect(after).toMatchObject({ userId: before.userId, name: 'Ada Lovelace', color: '#099268' });
});

test("when Alice closes her page, her cursor and entry vanish from Bob's board", async ({
  users,
}) => {
  const room = uniqueRoom('leave');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const { clientId, name } = (await presenceOf(alice.page)).self;
  await alice.page.mouse.move(POINT.x, POINT.y, { steps: 4 });
  await expect.poll(() => cursorOf(bob.page, clientId)).not.toBeNull();

  await alice.page.close();

  await expect.poll(async () => (await presenceOf(bob.page)).cursors).toEqual([]);
  await expect
    .poll(async () => (await presenceOf(bob.page)).participants.map((entry) => entry.isSelf))
    .toEqual([true]);
  const bobsList = bob.page.getByTestId('participant-list');
  await expect(bobsList).not.toContainText(name);
  await expect(bobsList.getByTestId('participant-count')).toHaveText('1 person here');
});

test('someone who stops moving shows as idle, and active again when they move', async ({
  users,
}) => {
  const room = uniqueRoom('idle');
  // Two seconds instead of a minute (see web/src/presence/settings.ts).
  const alice = await users.open('alice', room, { query: '?idleMs=2000' });
  const bob = await users.open('bob', room, { query: '?idleMs=2000' });
  const { clientId, name } = (await presenceOf(alice.page)).self;
  await alice.page.mouse.move(POINT.x, POINT.y, { steps: 4 });
  await expect.poll(() => cursorOf(bob.page, clientId)).not.toBeNull();

  const aliceOnBobsList = bob.page.getByTestId('participant').filter({ hasText: name });
  await expect(aliceOnBobsList).toHaveAttribute('data-idle', 'true');
  await expect(aliceOnBobsList.getByTestId('idle-badge')).toHaveText('idle');
  expect(await cursorOf(bob.page, clientId)).toMatchObject({ idle: true });
  expect((await presenceOf(alice.page)).self.activity).toBe('idle');

  // She will be idle again two seconds later, so look only at the moment she is back.
  await alice.page.mouse.move(POINT.x + 40, POINT.y + 20, { steps: 4 });
  await expect(aliceOnBobsList).toHaveAttribute('data-idle', 'false');
});

test('presence drops while the relay is down and returns after, without ghosts or moving', async ({
  users,
  server,
  restartServer,
}) => {
  const room = uniqueRoom('presence-offline');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const { clientId } = (await presenceOf(alice.page)).self;
  await alice.page.mouse.move(POINT.x, POINT.y, { steps: 4 });
  await expect.poll(() => cursorOf(bob.page, clientId)).not.toBeNull();

  expect(await server.stop()).toBe(0);
  await expect(bob.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'offline');
  await expect.poll(async () => (await presenceOf(bob.page)).cursors).toEqual([]);
  await expect.poll(async () => (await presenceOf(bob.page)).participants.length).toBe(1);

  await restartServer();
  // Retries back off to at most 5 s apart (web/src/sync/reconnect.ts), so allow a few.
  for (const { page } of [alice, bob]) {
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'synced', {
      timeout: 15_000,
    });
  }
  // Alice has not moved since: her state comes back by itself, and only once.
  await expect.poll(() => cursorOf(bob.page, clientId)).not.toBeNull();
  await expect.poll(async () => (await presenceOf(bob.page)).participants.length).toBe(2);
  await expect.poll(async () => (await presenceOf(alice.page)).participants.length).toBe(2);
});
