import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawStroke, openSyncedBoard, strokesOf, uniqueRoom } from './support/board.ts';
import { expect, test } from './support/fixtures.ts';
import { startCompiledRelay } from './support/relay.ts';

// A new build deployed while a board is open: the page offers to reload and never reloads by
// itself. Building the app twice would cost a minute here, so the "new build" is this build's
// copy with a changed sw.js: to the browser that is a new worker, as a deployment's would be.

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

test('a page running the old version offers "A new version is available — Reload", and reloads only when asked', async ({
  users,
}) => {
  // Two installs of the worker, each precaching the whole app: slow on a loaded machine.
  test.slow();
  const site = await mkdtemp(join(tmpdir(), 'whiteboard-new-version-'));
  await cp(dist, site, { recursive: true });
  const relay = await startCompiledRelay({ env: { STATIC_DIR: site } });
  try {
    const alice = await users.add('alice');
    const { page } = alice;
    await openSyncedBoard(page, relay.url, uniqueRoom('new-version'));
    // The first visit's worker takes the page over: that is its own build, not a new one.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 30_000,
    });
    await drawStroke(page, [
      [300, 300],
      [420, 360],
    ]);
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeHidden();

    await appendFile(join(site, 'sw.js'), '\n// the next deployment\n');
    // The page checks for a new sw.js when it comes back online (and every 30 minutes).
    await alice.context.setOffline(true);
    await alice.context.setOffline(false);
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toContainText('A new version is available');
    // Offered, not done: the same document, the stroke still there.
    expect(await page.evaluate(() => '__sameDocument' in window)).toBe(true);
    expect(await strokesOf(page)).toHaveLength(1);

    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.evaluate(() => '__sameDocument' in window)).toBe(false);
    await expect.poll(() => page.evaluate(() => window.__whiteboard?.synced ?? false)).toBe(true);
    await expect(banner).toBeHidden();
    expect(await strokesOf(page)).toHaveLength(1);
  } finally {
    await relay.stop();
    await rm(relay.dataDir, { recursive: true, force: true });
    await rm(site, { recursive: true, force: true });
  }
});
