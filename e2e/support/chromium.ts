import { existsSync } from 'node:fs';

/** Debian's Chromium: CI images cannot download Playwright's own browser build. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for every headless run, end-to-end tests and the client benchmark alike: no GPU, so
 * canvases rasterize in software as they do in CI; no background traffic; no sandbox, since CI
 * runs as root.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium where it is installed, else undefined: Playwright's own build. */
export const systemChromium = (): string | undefined =>
  existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
