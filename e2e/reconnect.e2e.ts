import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, uniqueRoom } from './support/board.ts';

test('while the relay is down the badge says offline, and edits made meanwhile arrive after it returns', async ({
  users,
  page,
  server,
  restartServer,
}) => {
  const room = uniqueRoom('reconnect');
  await openSyncedBoard(page, server.url, room);
  const badge = page.getByTestId('connection-status');

  expect(await server.stop()).toBe(0);
  await expect(badge).toHaveAttribute('data-status', 'offline');
  await page.evaluate(() => {
    window.__whiteboard?.doc.getMap('notes').set('offline', 'written while the relay was down');
  });

  // Same port, so the open page's provider finds it again; same folder, so the room is kept.
  const restarted = await restartServer();
  const newcomer = await users.add('newcomer');
  // Retries back off to at most 5 s apart (web/src/sync/reconnect.ts), so allow a few.
  await expect(badge).toHaveAttribute('data-status', 'synced', { timeout: 15_000 });

  // Only the first page ever held this edit, so seeing it proves it was sent on reconnect.
  const other = newcomer.page;
  await openSyncedBoard(other, restarted.url, room);
  await expect
    .poll(() => other.evaluate(() => window.__whiteboard?.doc.getMap('notes').get('offline')))
    .toBe('written while the relay was down');
});
