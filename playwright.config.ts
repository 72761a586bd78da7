import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './e2e/support/chromium.ts';

const launchOptions = { executablePath: systemChromium(), args: CHROMIUM_ARGS };

// No baseURL and no webServer: every test starts its own relay (e2e/support/fixtures.ts) on a
// free port with a fresh data folder, so tests can stop, kill and restart it freely.
// The relay serves dist/ as built beforehand: `npm run test:e2e` runs `vite build` first.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
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
