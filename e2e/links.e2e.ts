import { test, expect } from './support/fixtures.ts';
import { drawStroke, strokesOf, uniqueRoom, waitForOfflineShell } from './support/board.ts';

interface MadeLink {
  readonly id: string;
  readonly url: string;
}

test('Bob watches Alice draw through a view link, cannot draw, and is told when she revokes it', async ({
  users,
  server,
}) => {
  const room = uniqueRoom('links');
  const alice = await users.open('alice', room);
  const made = await alice.page.request.post(`${server.url}/api/rooms/${room}/links`, {
    data: { access: 'view' },
  });
  expect(made.status()).toBe(201);
  const link = (await made.json()) as MadeLink;
  expect(link.url).not.toContain(room);

  const bob = await users.add('bob');
  await bob.page.goto(link.url);
  await expect.poll(() => bob.page.evaluate(() => window.__whiteboard?.synced ?? false)).toBe(true);
  await expect(bob.page.getByTestId('view-only')).toHaveText('View only');
  await expect(bob.page.getByTestId('tool-pen')).toHaveCount(0);
  await expect(bob.page.getByTestId('tool-eraser')).toHaveCount(0);
  await expect(bob.page.getByTestId('clear-board')).toHaveCount(0);
  await expect(bob.page.getByTestId('undo')).toHaveCount(0);
  // Never the room's name, not even in the title.
  expect(await bob.page.title()).not.toContain(room);
  expect(bob.page.url()).not.toContain(room);

  // Alice draws; Bob sees it live.
  await drawStroke(alice.page, [
    [200, 300],
    [400, 320],
  ]);
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);

  // Bob tries the pen's key and draws: his hand pans instead, and nothing is written.
  await bob.page.keyboard.press('p');
  await drawStroke(bob.page, [
    [250, 400],
    [450, 420],
  ]);
  expect(await strokesOf(bob.page)).toHaveLength(1);
  // A later stroke of Alice's reaches Bob after his gesture: Alice still has only her own two.
  await drawStroke(alice.page, [
    [200, 500],
    [400, 520],
  ]);
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(2);
  expect(await strokesOf(alice.page)).toHaveLength(2);

  // Export works for a viewer, and the file is not named after the link (its id is the capability).
  const [file] = await Promise.all([
    bob.page.waitForEvent('download'),
    bob.page.getByTestId('export-png').click(),
  ]);
  expect(file.suggestedFilename()).toBe('board-shared.png');

  const revoked = await alice.page.request.delete(
    `${server.url}/api/rooms/${room}/links/${link.id}`,
  );
  expect(revoked.status()).toBe(204);
  await expect(bob.page.getByTestId('link-gone')).toContainText('This link no longer works');

  // Opening it again says so at once.
  await bob.page.reload();
  await expect(bob.page.getByTestId('link-gone')).toContainText('This link no longer works');
});

test('a viewer whose network is gone reopens the link and sees the board as it last had it', async ({
  users,
  server,
}) => {
  const room = uniqueRoom('links-offline');
  const alice = await users.open('alice', room);
  await drawStroke(alice.page, [
    [200, 300],
    [400, 320],
  ]);
  const made = await alice.page.request.post(`${server.url}/api/rooms/${room}/links`, {
    data: { access: 'view' },
  });
  const link = (await made.json()) as MadeLink;

  const bob = await users.add('bob');
  await bob.page.goto(link.url);
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
  await waitForOfflineShell(bob.page);

  await bob.context.setOffline(true);
  await bob.page.reload();
  await expect(bob.page.getByTestId('view-only')).toHaveText('View only');
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
  await expect(bob.page.getByTestId('tool-pen')).toHaveCount(0);
});
