import { test, expect } from './support/fixtures.ts';
import { drawStroke, strokesOf, uniqueRoom } from './support/board.ts';

test('Alice shares a view link from the Share dialog, Bob watches her draw, and she revokes it', async ({
  users,
}) => {
  const room = uniqueRoom('share');
  const alice = await users.open('alice', room);

  // Alice makes a view link in the Share dialog and reads it from its copy field.
  await alice.page.getByTestId('share').click();
  const dialog = alice.page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('share-links-empty')).toBeVisible();
  // The board's shortcuts do not act behind the dialog: E would pick the eraser.
  await dialog.getByTestId('share-refresh').focus();
  await alice.page.keyboard.press('e');
  await dialog.getByTestId('share-view-expiry').selectOption('day');
  await dialog.getByTestId('share-create-view').click();
  const field = dialog.getByTestId('share-view-link-value');
  await expect(field).toHaveValue(/\/l#[A-Za-z0-9_-]{22}$/);
  const viewUrl = await field.inputValue();
  expect(viewUrl).not.toContain(room);
  await dialog.getByRole('button', { name: 'Show QR code of the view link' }).click();
  await expect(dialog.getByRole('img', { name: 'QR code of the view link' })).toBeVisible();
  const id = new URL(viewUrl).hash.slice(1);
  const row = dialog.locator(`[data-testid="share-link-row"][data-link-id="${id}"]`);
  await expect(row).toContainText('View link');
  await expect(row).toContainText('0 connections now');
  await expect(row).toContainText('expires');

  // Bob opens it: he sees Alice draw live and cannot draw.
  const bob = await users.add('bob');
  await bob.page.goto(viewUrl);
  await expect.poll(() => bob.page.evaluate(() => window.__whiteboard?.synced ?? false)).toBe(true);
  await expect(bob.page.getByTestId('view-only')).toHaveText('View only');
  await expect(bob.page.getByTestId('tool-pen')).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(alice.page.getByTestId('tool-pen')).toHaveAttribute('aria-pressed', 'true');
  await drawStroke(alice.page, [
    [200, 300],
    [400, 320],
  ]);
  await expect.poll(async () => (await strokesOf(bob.page)).length).toBe(1);
  await drawStroke(bob.page, [
    [250, 400],
    [450, 420],
  ]);
  expect(await strokesOf(bob.page)).toHaveLength(1);
  expect(await strokesOf(alice.page)).toHaveLength(1);

  // Bob's page shares only its own address: no link management for a viewer.
  await bob.page.getByTestId('share').click();
  const bobsDialog = bob.page.getByTestId('share-dialog');
  await expect(bobsDialog.getByTestId('share-page-value')).toHaveValue(viewUrl);
  await expect(bobsDialog.getByTestId('share-create-view')).toHaveCount(0);
  await expect(bobsDialog.getByTestId('share-link-row')).toHaveCount(0);
  await bobsDialog.getByRole('button', { name: 'Close' }).click();

  // Alice opens the dialog again: the list shows Bob's connection.
  await alice.page.getByTestId('share').click();
  await expect(row).toContainText('1 connection now');

  // She revokes it, confirming first; the list no longer has it.
  await row.getByRole('button', { name: /^Revoke this view link/ }).click();
  await row.getByRole('button', { name: 'Revoke link' }).click();
  await expect(row).toHaveCount(0);
  await expect(dialog.getByTestId('share-view-link')).toHaveCount(0);
  await expect(dialog.getByTestId('share-problem')).toHaveCount(0);

  await expect(bob.page.getByTestId('link-gone')).toContainText('This link no longer works');
});

test('the Share dialog says links need the server when the relay is gone', async ({
  users,
  server,
}) => {
  const alice = await users.open('alice', uniqueRoom('share-offline'));
  await alice.context.setOffline(true);
  await alice.page.getByTestId('share').click();
  const dialog = alice.page.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-problem')).toHaveText(/Offline: links need the server/);
  await dialog.getByTestId('share-create-view').click();
  await expect(dialog.getByTestId('share-problem')).toHaveText(/Offline: links need the server/);
  await expect(dialog.getByTestId('share-view-link')).toHaveCount(0);
  // The board's own address can still be copied.
  await expect(dialog.getByTestId('share-page-value')).toHaveValue(
    `${server.url}${new URL(alice.page.url()).pathname}`,
  );

  await alice.context.setOffline(false);
  await dialog.getByTestId('share-refresh').click();
  await expect(dialog.getByTestId('share-problem')).toHaveCount(0);
  await expect(dialog.getByTestId('share-links-empty')).toBeVisible();
});
