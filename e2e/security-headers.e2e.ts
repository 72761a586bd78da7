import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import {
  drawStroke,
  openSyncedBoard,
  strokeCountOf,
  uniqueRoom,
  waitForOfflineShell,
} from './support/board.ts';

test('the board runs whole under its Content-Security-Policy: nothing it does is refused', async ({
  page,
  server,
}) => {
  const room = uniqueRoom('csp');
  const policy = (await fetch(`${server.url}/r/${room}`)).headers.get('content-security-policy');
  expect(policy).toContain("script-src 'self'");
  // Installed before the app runs: every refusal the page sees, whatever caused it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  // Loading the app, syncing over ws://, caching the offline shell, drawing, both exports.
  await openSyncedBoard(page, server.url, room);
  await waitForOfflineShell(page);
  await drawStroke(page, [
    [200, 200],
    [420, 300],
  ]);
  await expect.poll(() => strokeCountOf(page)).toBe(1);
  for (const button of ['export-png', 'export-svg']) {
    await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  }
  expect(await violationsOf(page)).toEqual([]);
  // Again from the offline shell the service worker now serves.
  await page.reload();
  await expect.poll(() => strokeCountOf(page)).toBe(1);
  expect(await violationsOf(page)).toEqual([]);
});

const violationsOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
