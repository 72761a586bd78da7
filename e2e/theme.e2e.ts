import { test, expect } from './support/fixtures.ts';
import { openSyncedBoard, uniqueRoom } from './support/board.ts';

test.describe('on a system set to dark', () => {
  test.use({ colorScheme: 'dark' });

  test('the board starts dark, and a light choice from the toggle is remembered', async ({
    page,
    server,
  }) => {
    const room = uniqueRoom('theme');
    await openSyncedBoard(page, server.url, room);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const background = () =>
      page
        .getByTestId('board')
        .evaluate((el) => getComputedStyle(el.parentElement!).backgroundColor);
    expect(await background()).toBe('rgb(27, 29, 33)');

    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await background()).toBe('rgb(251, 251, 250)');

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await expect(page.getByTestId('theme-toggle')).toHaveAccessibleName('Switch to dark theme');
  });
});
