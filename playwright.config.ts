import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './e2e/support/chromium.ts';

const launchOptions = { executablePath: systemChromium(), args: CHROMIUM_ARGS };

// No baseURL and no webServer: every test starts its own relay (e2e/support/fixtures.ts) on a
// free port with a fresh data folder, so tests can stop, kill and restart it freely.
// The relay serves dist/ as built beforehand: `npm run test:e2e` runs `vite build` first. The
// relay itself runs compiled (e2e/support/relay.ts); globalSetup compiles it when stale.
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/support/global-setup.ts',
  testMatch: '**/*.e2e.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker on CI: each story runs two or three Chromium pages and a relay, and CI machines
  // have 2 cores; two workers there made the heavier stories (a 20,000-stroke board) time out.
  workers: process.env.CI ? 1 : undefined,
  reporter: 'list',
  use: {
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
  ],
});
