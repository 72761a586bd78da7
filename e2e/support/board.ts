import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

/** A room name no other test (or earlier run against a reused data folder) has used. */
export function uniqueRoom(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Opens a board and waits, by polling the page's test hook, until the relay has synced it. */
export async function openSyncedBoard(page: Page, baseUrl: string, room: string): Promise<void> {
  await page.goto(`${baseUrl}/r/${room}`);
  await expect.poll(() => page.evaluate(() => window.__whiteboard?.synced ?? false)).toBe(true);
}
