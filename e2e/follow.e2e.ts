import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { uniqueRoom } from './support/board.ts';

const viewportOf = (page: Page) => page.evaluate(() => window.__whiteboard!.viewport);

test('Bob follows Alice’s view as she scrolls, Alice sees it, and Escape lets him go', async ({
  users,
}) => {
  const room = uniqueRoom('follow');
  const alice = await users.open('alice', room);
  const bob = await users.open('bob', room);

  // Alice is the one other person on Bob's list.
  await bob.page.getByTestId('follow').click();
  await expect(bob.page.getByTestId('follow')).toHaveAttribute('aria-pressed', 'true');
  await expect(alice.page.getByTestId('follows')).toContainText('following');

  await alice.page.mouse.move(600, 400);
  await alice.page.mouse.wheel(0, 300);
  const moved = (await viewportOf(alice.page)).y;
  expect(moved).toBeGreaterThan(0);
  // Same window size, so the same viewport.
  await expect.poll(async () => (await viewportOf(bob.page)).y).toBeCloseTo(moved, 0);

  await bob.page.keyboard.press('Escape');
  await expect(alice.page.getByTestId('follows')).toBeHidden();
});
