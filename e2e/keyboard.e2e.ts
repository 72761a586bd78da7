import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, uniqueRoom } from './support/board.ts';

test('tools switch with P, E and H, but not while typing a name', async ({ page, server }) => {
  await openSyncedBoard(page, server.url, uniqueRoom('keys'));
  const pressed = (tool: string) =>
    expect(page.getByTestId(`tool-${tool}`)).toHaveAttribute('aria-pressed', 'true');

  await pressed('pen');
  await page.keyboard.press('e');
  await pressed('eraser');
  await page.keyboard.press('h');
  await pressed('hand');
  await page.keyboard.press('d');
  await pressed('pen');

  await page.getByRole('button', { name: 'Edit your name and colour' }).click();
  const name = page.getByRole('textbox', { name: 'Your name' });
  await name.fill('');
  await name.pressSequentially('Hephaestus');
  await expect(name).toHaveValue('Hephaestus');
  await pressed('pen');
});

test('? opens the shortcut list, Escape closes it, and the toolbar works from the keyboard', async ({
  page,
  server,
}) => {
  await openSyncedBoard(page, server.url, uniqueRoom('help'));
  const panel = page.getByTestId('help-panel');

  await page.keyboard.press('Shift+Slash');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Zoom to fit');
  await expect(panel).toContainText('Shift+1');
  await expect(panel).toContainText('Ctrl+Shift+Z');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.getByTestId('help').click();
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();

  // Tab walks the toolbar with a visible focus ring.
  await page.getByTestId('tool-pen').focus();
  await page.keyboard.press('Tab');
  const eraser = page.getByTestId('tool-eraser');
  await expect(eraser).toBeFocused();
  expect(await eraser.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(eraser).toHaveAttribute('aria-pressed', 'true');
  // Space on a focused button presses it rather than starting a pan.
  await page.getByTestId('tool-hand').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('tool-hand')).toHaveAttribute('aria-pressed', 'true');
});
