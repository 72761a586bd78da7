import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import {
  drawStroke,
  expectSaveState,
  openSyncedBoard,
  presenceOf,
  strokePointsOf,
  strokesOf,
  uniqueRoom,
  waitForOfflineShell,
} from './support/board.ts';

// Working without a network: strokes are kept on the device, the board opens again offline,
// and everything reaches everyone once the relay can be reached again.

const aLine = (y: number, from = 200, to = 420) =>
  [
    [from, y],
    [(from + to) / 2, y + 30],
    [to, y],
  ] as const;

test("Alice draws while the relay is down; Bob, who was there before, gets her strokes once it's back", async ({
  users,
  server,
  restartServer,
}, testInfo) => {
  const room = uniqueRoom('offline-draw');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  expect(await server.stop()).toBe(0);
  await expectSaveState(alice.page, 'offline', 0);
  await expect(alice.page.getByTestId('save-label')).toHaveText('Offline · no unsaved changes');

  await drawStroke(alice.page, aLine(200));
  await drawStroke(alice.page, aLine(320));
  await expectSaveState(alice.page, 'offline', 2);
  await expect(alice.page.getByTestId('save-label')).toHaveText(
    'Offline · 2 changes kept on this device',
  );
  expect(await strokesOf(bob.page)).toEqual([]);

  await restartServer();
  const restartedAt = Date.now();
  const drawn = await strokePointsOf(alice.page);
  expect(Object.keys(drawn)).toHaveLength(2);
  await alice.page.waitForFunction(() => window.__whiteboard?.saveState === 'saved', null, {
    timeout: 15_000,
  });
  testInfo.annotations.push({
    type: 'measured',
    description: `relay listening → Alice saved: ${Date.now() - restartedAt} ms (retry backoff)`,
  });
  await expect.poll(() => strokePointsOf(bob.page), { timeout: 15_000 }).toEqual(drawn);
  await expectSaveState(alice.page, 'saved', 0);
  await expect(alice.page.getByTestId('save-label')).toHaveText('All changes saved');
});

test('a board drawn on offline opens again offline after a reload, strokes and count intact, and syncs later', async ({
  users,
}, testInfo) => {
  const room = uniqueRoom('offline-reload');
  const alice = await users.open('alice', room);
  await waitForOfflineShell(alice.page);
  await drawStroke(alice.page, aLine(150));
  await expectSaveState(alice.page, 'saved', 0);

  await alice.context.setOffline(true);
  await expectSaveState(alice.page, 'offline', 0);
  await drawStroke(alice.page, aLine(300));
  await drawStroke(alice.page, aLine(420));
  await expectSaveState(alice.page, 'offline', 2);
  const drawn = await strokePointsOf(alice.page);

  // No network at all: the page comes from the service worker, the strokes from IndexedDB,
  // and the count from what the device remembers the relay holding.
  const reloadedAt = Date.now();
  await alice.page.reload();
  await alice.page.waitForFunction((count) => window.__whiteboard?.strokeCount === count, 3);
  testInfo.annotations.push({
    type: 'measured',
    description: `offline reload → 3 strokes on the board: ${Date.now() - reloadedAt} ms`,
  });
  await expect.poll(() => strokePointsOf(alice.page)).toEqual(drawn);
  await expectSaveState(alice.page, 'offline', 2);
  expect(Object.keys(drawn)).toHaveLength(3);

  await alice.context.setOffline(false);
  await expectSaveState(alice.page, 'saved', 0);

  const carol = await users.open('carol', room);
  expect(await strokePointsOf(carol.page)).toEqual(drawn);
});

test('Alice and Bob both draw while cut off from each other, and end up with the same board', async ({
  users,
  server,
  restartServer,
}) => {
  // A relay stop and restart, two reconnect backoffs and a ticket per reconnect: ~25 s on an idle
  // 2-core machine, over the default 30 s when the machine is shared.
  test.slow();
  const room = uniqueRoom('offline-merge');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  await drawStroke(alice.page, aLine(120));
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
  // Bob having it does not mean the relay's echo has reached Alice yet: wait for her proof.
  await expectSaveState(alice.page, 'saved', 0);

  // Alice's network goes; Bob still reaches the relay, then it goes down for him too.
  await alice.context.setOffline(true);
  await expectSaveState(alice.page, 'offline', 0);
  await drawStroke(alice.page, aLine(240, 150, 350));
  await drawStroke(bob.page, aLine(240, 500, 700));
  await expectSaveState(bob.page, 'saved', 0);
  expect(await server.stop()).toBe(0);
  await expectSaveState(bob.page, 'offline', 0);
  await drawStroke(alice.page, aLine(360, 150, 350));
  await drawStroke(bob.page, aLine(360, 500, 700));
  await drawStroke(bob.page, aLine(480, 500, 700));
  await expectSaveState(alice.page, 'offline', 2);
  await expectSaveState(bob.page, 'offline', 2);

  await restartServer();
  await alice.context.setOffline(false);
  await expectSaveState(alice.page, 'saved', 0);
  await expectSaveState(bob.page, 'saved', 0);

  const expected = 6;
  for (const page of [alice.page, bob.page]) {
    await expect.poll(async () => (await strokesOf(page)).length).toBe(expected);
  }
  const alicesBoard = await strokePointsOf(alice.page);
  expect(await strokePointsOf(bob.page)).toEqual(alicesBoard);
  // Same stacking too: both render the strokes in the same order.
  expect((await strokesOf(bob.page)).map(({ id }) => id)).toEqual(
    (await strokesOf(alice.page)).map(({ id }) => id),
  );
  for (const pointCount of Object.values(alicesBoard)) expect(pointCount).toBeGreaterThan(2);
});

test('someone whose network drops sees nobody meanwhile, and comes back once for everyone', async ({
  users,
  server,
}) => {
  const room = uniqueRoom('offline-presence');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);
  const aliceId = (await presenceOf(alice.page)).self.clientId;
  const bobId = (await presenceOf(bob.page)).self.clientId;
  await alice.page.mouse.move(300, 300, { steps: 4 });
  await bob.page.mouse.move(500, 400, { steps: 4 });
  await expect.poll(() => cursorIds(bob.page)).toEqual([aliceId]);
  await expect.poll(() => cursorIds(alice.page)).toEqual([bobId]);

  await alice.context.setOffline(true);
  await expectSaveState(alice.page, 'offline');
  // Alice sees nobody the moment she is offline, rather than a Bob frozen in place. (Bob
  // keeps her until the relay's heartbeat finds her socket dead, or her presence expires
  // after 30 s; Chromium's emulated offline keeps that socket answering pings.)
  expect(await cursorIds(alice.page)).toEqual([]);
  expect((await presenceOf(alice.page)).participants).toHaveLength(1);

  await alice.context.setOffline(false);
  await expectSaveState(alice.page, 'saved');
  // Without moving, each is back on the other's board, once, under the same id.
  await expect.poll(() => cursorIds(alice.page)).toEqual([bobId]);
  await expect.poll(() => cursorIds(bob.page)).toEqual([aliceId]);
  for (const page of [alice.page, bob.page]) {
    await expect
      .poll(async () => (await presenceOf(page)).participants.map(({ clientId }) => clientId))
      .toEqual(expect.arrayContaining([aliceId, bobId]));
    expect((await presenceOf(page)).participants).toHaveLength(2);
  }
  // The relay holds one socket each: Alice's old one is gone, not lingering as a ghost.
  await expect.poll(() => relayConnections(server.url)).toBe(2);
  expect(await cursorIds(bob.page)).toEqual([aliceId]);
});

test('the home page opens offline too, on a fresh board', async ({ page, server }) => {
  await openSyncedBoard(page, server.url, uniqueRoom('offline-home'));
  await waitForOfflineShell(page);
  await page.context().setOffline(true);
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  await expectSaveState(page, 'offline', 0);
  await drawStroke(page, aLine(200));
  await expectSaveState(page, 'offline', 1);
});

async function relayConnections(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = metrics.split('\n').find((entry) => entry.startsWith('relay_connections '));
  return Number(line?.split(' ')[1] ?? NaN);
}

async function cursorIds(page: Page): Promise<number[]> {
  return (await presenceOf(page)).cursors.map(({ clientId }) => clientId);
}
