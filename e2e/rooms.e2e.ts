import { test, expect } from './support/fixtures.ts';
import { drawStroke, strokeCountOf, uniqueRoom } from './support/board.ts';

test('two rooms on one relay stay separate', async ({ users }) => {
  const kitchen = uniqueRoom('kitchen');
  const garden = uniqueRoom('garden');
  const alice = await users.open('alice', kitchen);
  const bob = await users.open('bob', garden);
  const carol = await users.open('carol', kitchen);
  await drawStroke(alice.page, [
    [200, 200],
    [400, 200],
  ]);
  await drawStroke(bob.page, [
    [200, 300],
    [400, 300],
  ]);
  await drawStroke(bob.page, [
    [200, 400],
    [400, 400],
  ]);

  // Carol, in Alice's room, gets Alice's stroke: sync works, so silence elsewhere means something.
  await expect.poll(() => strokeCountOf(carol.page)).toBe(1);
  await expect.poll(() => strokeCountOf(bob.page)).toBe(2);
  expect(await strokeCountOf(alice.page)).toBe(1);
});

test('a fresh board gets an unguessable 128-bit room id, and Share copies its link from the Share dialog', async ({
  users,
  server,
}) => {
  const { page } = await users.add('sharer', {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.goto(`${server.url}/`);
  // 22 base64url characters carry 132 bits, 128 of them random.
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  await expect.poll(() => page.evaluate(() => window.__whiteboard?.synced)).toBe(true);

  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-page-value')).toHaveValue(page.url());
  await page.getByRole('button', { name: 'Copy link to this board' }).click();
  await expect(page.getByTestId('share-page-feedback')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  // The feedback goes away by itself.
  await expect(page.getByTestId('share-page-feedback')).toHaveText('', { timeout: 5_000 });
});
